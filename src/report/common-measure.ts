import type { ImageReport } from './types.js'

/**
 * How a comparison's compressed sizes were counted on both sides: the stored blobs
 * (a registry's, or an archive's compressed layers), the gzip estimate, or — when
 * a report lacks the estimate — each side its own way.
 */
export type CompressedMeasure = 'stored' | 'gzip-estimate' | 'mixed'

function stored(report: ImageReport): boolean {
  return report.compressedSource !== 'gzip-estimate'
}

/** The report with its gzip estimate as its compressed sizes; undefined when it has none. */
function asEstimate(report: ImageReport): ImageReport | undefined {
  if (report.estimatedBytes === null) return undefined
  if (report.layers.some(layer => layer.estimatedBytes === null)) return undefined
  return {
    ...report,
    compressedBytes: report.estimatedBytes,
    compressedSource: 'gzip-estimate',
    layers: report.layers.map(layer => ({
      ...layer,
      compressedBytes: layer.estimatedBytes ?? layer.compressedBytes
    }))
  }
}

export interface MeasuredPair {
  base: ImageReport
  head: ImageReport
  measure: CompressedMeasure
}

/**
 * Base and head on one compressed measure: as they are when both counted the same
 * way, else both by their gzip estimate (a pushed baseline against an unpushed head
 * would otherwise show the two methods' difference as growth).
 */
export function onCommonMeasure(base: ImageReport, head: ImageReport): MeasuredPair {
  if (stored(base) === stored(head))
    return { base, head, measure: stored(head) ? 'stored' : 'gzip-estimate' }
  const [baseEstimate, headEstimate] = [asEstimate(base), asEstimate(head)]
  if (baseEstimate && headEstimate)
    return { base: baseEstimate, head: headEstimate, measure: 'gzip-estimate' }
  return { base, head, measure: 'mixed' }
}

const SOURCE_TEXT: Record<ImageReport['compressedSource'], string> = {
  registry: "the registry's blob sizes",
  archive: "the image archive's compressed layers",
  'gzip-estimate': 'a gzip -6 estimate'
}

/** Why a mixed comparison's compressed change is not judged. */
export function mixedMeasureCaveat(base: ImageReport, head: ImageReport): string {
  return `the base's compressed size is ${SOURCE_TEXT[base.compressedSource]} and this one's ${SOURCE_TEXT[head.compressedSource]}, so their difference is partly the method`
}
