import { type CompressedMeasure, mixedMeasureCaveat, onCommonMeasure } from './common-measure.js'
import { identityKey } from './identity.js'
import { type PartsChange, compareParts } from './base-part.js'
import { type SizeChange, sizeChange } from './size-change.js'
import type { ImageReport, LayerReport, Update } from './types.js'
import { updateSize } from './update.js'

export type SizeMetric = 'compressed' | 'uncompressed'

type LayerStatus = 'added' | 'removed' | 'grown' | 'shrunk' | 'unchanged'

export interface LayerChange {
  status: LayerStatus
  stage: string
  instruction: string
  /** What made the layer, without builder noise; the key layers are paired by. */
  what: string
  /** The instruction as written in the Dockerfile, where the report has it. */
  source: string | null
  baseLine: number | null
  headLine: number | null
  compressed: SizeChange
  uncompressed: SizeChange
}

type TargetStatus = 'compared' | 'new' | 'removed' | 'no-baseline'

export interface TargetComparison {
  target: string
  status: TargetStatus
  base: ImageReport | null
  head: ImageReport | null
  compressed: SizeChange
  uncompressed: SizeChange
  layers: LayerChange[]
  /** Why the change may not be this PR's (see baselineCaveat): shown, not gated. */
  caveat: string | null
  /** How both sides' compressed sizes were counted; null unless compared. */
  measure: CompressedMeasure | null
  /** What a host that runs the base image downloads for the head's; null unless compared. */
  update: Update | null
  /** The base image's part and the Dockerfile's own, on both sides; null unless both reports split them. */
  parts: PartsChange | null
}

/** The instruction as written into history, without `# buildkit` and RUN's build-arg prefix. */
export function describeLayer(layer: LayerReport): string {
  if (layer.instruction === 'FROM') return 'base image'
  return layer.createdBy
    .replace(/\s*# buildkit$/, '')
    .replace(/^(RUN )?\|\d+ .*?(\/bin\/sh -c )/, '$1$2')
    .trim()
}

/** What a layer is, as people read it: the Dockerfile's own words where known, else the history's. */
export function layerWords(layer: LayerReport): string {
  const written = layer.instruction === 'FROM' ? null : layer.source
  return written || describeLayer(layer) || '(no history)'
}

/** Layers keyed by stage, instruction and what made them; repeats numbered in order. */
function keyed(layers: LayerReport[]): Map<string, LayerReport> {
  const seen = new Map<string, number>()
  const result = new Map<string, LayerReport>()
  for (const layer of layers) {
    const base = `${layer.stage}\u0000${layer.instruction}\u0000${describeLayer(layer)}`
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    result.set(`${base}\u0000${count}`, layer)
  }
  return result
}

/** Grown or shrunk by content; the gzip size of unchanged content varies too little to mean anything. */
function layerStatus(base: LayerReport | undefined, head: LayerReport | undefined): LayerStatus {
  if (!base) return 'added'
  if (!head) return 'removed'
  if (head.uncompressedBytes > base.uncompressedBytes) return 'grown'
  if (head.uncompressedBytes < base.uncompressedBytes) return 'shrunk'
  return 'unchanged'
}

/** Layers paired by instruction (not position), in the head image's order, removed ones last. */
export function compareLayers(base: LayerReport[], head: LayerReport[]): LayerChange[] {
  const baseByKey = keyed(base)
  const headByKey = keyed(head)
  const keys = [...headByKey.keys(), ...[...baseByKey.keys()].filter(key => !headByKey.has(key))]
  return keys.map(key => {
    const before = baseByKey.get(key)
    const after = headByKey.get(key)
    const layer = (after ?? before) as LayerReport
    return {
      status: layerStatus(before, after),
      stage: layer.stage,
      instruction: layer.instruction,
      what: describeLayer(layer),
      source: (after ?? before)?.source ?? null,
      baseLine: before?.line ?? null,
      headLine: after?.line ?? null,
      compressed: sizeChange(before?.compressedBytes ?? null, after?.compressedBytes ?? null),
      uncompressed: sizeChange(before?.uncompressedBytes ?? null, after?.uncompressedBytes ?? null)
    }
  })
}

/**
 * Compares each image of this run with the base's report of the same image (by
 * identity, so a renamed last stage still meets its baseline). `base` holds the
 * base reports found: an image missing there is new, unless none was found.
 */
export function compareTargets(
  head: ImageReport[],
  base: ImageReport[],
  caveats: ReadonlyMap<string, string> = new Map(),
  /** Images the base is known not to have (it was built), though no base report was found. */
  newImages: ReadonlySet<string> = new Set()
): TargetComparison[] {
  const baseByKey = new Map(base.map(report => [identityKey(report), report]))
  // A baseline of the same image with other build args (a new matrix leg) pairs by family.
  const sameFamily = (report: ImageReport) =>
    base.find(
      candidate =>
        candidate.identity?.family === report.identity?.family &&
        !head.some(other => identityKey(other) === identityKey(candidate))
    )
  const paired = new Map(
    head.map(report => [
      identityKey(report),
      baseByKey.get(identityKey(report)) ?? (report.identity ? sameFamily(report) : undefined)
    ])
  )
  const pairedBases = new Set([...paired.values()])
  const compared = head.map((report): TargetComparison => {
    const found = paired.get(identityKey(report))
    const known = base.length > 0 || newImages.has(identityKey(report))
    const status: TargetStatus = found ? 'compared' : known ? 'new' : 'no-baseline'
    const pair = found ? onCommonMeasure(found, report) : undefined
    const after = pair?.head ?? report
    return {
      target: report.target,
      status,
      base: pair?.base ?? null,
      head: after,
      compressed: sizeChange(pair?.base.compressedBytes ?? null, after.compressedBytes),
      uncompressed: sizeChange(pair?.base.uncompressedBytes ?? null, after.uncompressedBytes),
      layers: pair ? compareLayers(pair.base.layers, after.layers) : [],
      caveat: pair ? (caveats.get(identityKey(report)) ?? null) : null,
      measure: pair?.measure ?? null,
      // Each side as measured: a host downloads the head's blobs, not an estimate made to match.
      update: found ? updateSize(found, report) : null,
      parts: pair ? compareParts(pair.base, after) : null
    }
  })
  const removed = base
    .filter(report => !pairedBases.has(report))
    .map(report => ({
      target: report.target,
      status: 'removed' as const,
      base: report,
      head: null,
      compressed: sizeChange(report.compressedBytes, null),
      uncompressed: sizeChange(report.uncompressedBytes, null),
      layers: [],
      caveat: null,
      measure: null,
      update: null,
      parts: null
    }))
  return [...compared, ...removed]
}

/** Why this comparison's change in `metric` is shown but not judged; null when it is judged. */
export function caveatFor(comparison: TargetComparison, metric: SizeMetric): string | null {
  const reasons = [comparison.caveat]
  if (
    metric === 'compressed' &&
    comparison.measure === 'mixed' &&
    comparison.base &&
    comparison.head
  )
    reasons.push(mixedMeasureCaveat(comparison.base, comparison.head))
  const given = reasons.filter(reason => reason !== null)
  return given.length > 0 ? given.join('; ') : null
}

export function metricOf(comparison: TargetComparison, metric: SizeMetric): SizeChange {
  return metric === 'compressed' ? comparison.compressed : comparison.uncompressed
}
