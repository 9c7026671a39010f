import type { ImageReport, LayerReport, Update } from './types.js'

/**
 * How a layer is known on both sides: by its blob (the compressed bytes a registry
 * stores) where both reports know every blob, else by its contents (its diff id).
 * A blob says more: the same contents compressed anew are a new download.
 */
function matching(base: ImageReport, head: ImageReport): 'blob' | 'content' {
  const layers = [...base.layers, ...head.layers]
  return layers.every(layer => layer.blob !== null) ? 'blob' : 'content'
}

const keyOf = (layer: LayerReport, by: 'blob' | 'content'): string =>
  (by === 'blob' ? layer.blob : layer.digest) ?? ''

/**
 * What a host that holds the base image downloads to run the head's: the
 * compressed bytes of the head's layers the base does not have (each once), and
 * how many of its layers it has. Unknown where a report lacks layer digests.
 */
export function updateSize(base: ImageReport, head: ImageReport): Update {
  const without = [base, head].find(report => report.layers.some(layer => !layer.digest))
  if (without)
    return {
      known: false,
      reason: `the ${without === base ? 'base' : 'head'} report has no digests of its layers`
    }
  const by = matching(base, head)
  const held = new Set(base.layers.map(layer => keyOf(layer, by)))
  const fetched = new Set<string>()
  let bytes = 0
  let sharedLayers = 0
  for (const layer of head.layers) {
    const key = keyOf(layer, by)
    if (held.has(key)) sharedLayers++
    else if (!fetched.has(key)) {
      fetched.add(key)
      bytes += layer.compressedBytes
    }
  }
  return {
    known: true,
    bytes,
    sharedLayers,
    layers: head.layers.length,
    matchedBy: by,
    estimated: head.compressedSource === 'gzip-estimate'
  }
}
