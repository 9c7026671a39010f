import { type SizeChange, sizeChange } from './size-change.js'
import type { BasePart, ImageReport, LayerReport } from './types.js'

/**
 * The base image's part of an image: its first layers, those the final stage's
 * FROM brought (attributed to that line), and their bytes.
 */
export function basePart(layers: LayerReport[], image: string | null): BasePart {
  const count = layers.findIndex(layer => layer.instruction !== 'FROM')
  const base = count === -1 ? layers : layers.slice(0, count)
  return {
    image,
    layers: base.length,
    compressedBytes: base.reduce((sum, layer) => sum + layer.compressedBytes, 0),
    uncompressedBytes: base.reduce((sum, layer) => sum + layer.uncompressedBytes, 0)
  }
}

/** A part's size both ways. */
interface PartChange {
  compressed: SizeChange
  uncompressed: SizeChange
}

/** The base image's part and the Dockerfile's own (the rest, config included), on both sides. */
export interface PartsChange {
  /** The base image each side names. */
  baseImage: { base: string | null; head: string | null }
  base: PartChange
  own: PartChange
}

/** A part's layers and bytes. */
type PartSize = Omit<BasePart, 'image'>

/** Each side's parts on the sizes it is compared by (its layers as the comparison counts them). */
function partsOf(report: ImageReport): { base: BasePart; own: PartSize } | undefined {
  if (!report.base) return undefined
  const base = basePart(report.layers, report.base.image)
  const own = {
    layers: report.layers.length - base.layers,
    compressedBytes: report.compressedBytes - base.compressedBytes,
    uncompressedBytes: report.uncompressedBytes - base.uncompressedBytes
  }
  return { base, own }
}

const partChange = (base: PartSize, head: PartSize): PartChange => ({
  compressed: sizeChange(base.compressedBytes, head.compressedBytes),
  uncompressed: sizeChange(base.uncompressedBytes, head.uncompressedBytes)
})

/** Base and own parts compared; null unless both reports know their base image's part. */
export function compareParts(base: ImageReport, head: ImageReport): PartsChange | null {
  const [before, after] = [partsOf(base), partsOf(head)]
  if (!before || !after) return null
  return {
    baseImage: { base: before.base.image, head: after.base.image },
    base: partChange(before.base, after.base),
    own: partChange(before.own, after.own)
  }
}
