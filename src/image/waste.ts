import { type LayerEntries, WHITEOUT } from './layer.js'
import { type FileTree, filesUnder } from './tree.js'

/** Copies of files that a later layer replaced or deleted: they ship all the same. */
export interface HiddenCopies {
  /** The layer that wrote the copies, and the one that replaced or deleted them. */
  writer: number
  hider: number
  bytes: number
  paths: number
}

/** Wasted bytes and efficiency by dive's definitions, and who hid what. */
export interface WasteAnalysis {
  /** Σ of every copy of each path that more than one layer holds (dive's wastedBytes). */
  wastedBytes: number
  /** Σ smallest copy per path / Σ all copies (dive's efficiency); 1 for an empty image. */
  efficiency: number
  hidden: HiddenCopies[]
}

/** A copy of a path packed in one number: its bytes and its layer (layers < LAYERS). */
export const LAYERS = 4096
const pack = (layer: number, bytes: number): number => bytes * LAYERS + layer
const layerOf = (copy: number): number => copy % LAYERS
const bytesOf = (copy: number): number => Math.floor(copy / LAYERS)

/** What dive counts for a whiteout: a deleted folder's file bytes; a deleted file nothing. */
function deletedBytes(tree: FileTree, path: string): number {
  const node = tree.get(path)
  if (node?.kind !== 'dir') return 0
  let bytes = 0
  for (const [, file] of filesUnder(node)) bytes += file.tarSize
  return bytes
}

/** The path a whiteout entry deletes. */
export function whitedOut(path: string): string {
  const slash = path.lastIndexOf('/')
  return `${path.slice(0, slash + 1)}${path.slice(slash + 1 + WHITEOUT.length)}`
}

/**
 * Counts each path's copies as dive does: every leaf of each layer's own tree is a
 * copy of its path, sized by its tar header (a folder: 0), a whiteout by what it
 * deletes; opaque markers are skipped. Layers hand over only their leaf folders.
 */
export class WasteCounter {
  /** Each path's copies: most paths have one, kept as one number; the rest as a list. */
  private readonly copies = new Map<string, number | number[]>()

  /** Counts one layer; call it before the layer's deletions are applied to `lower`. */
  addLayer(layer: number, entries: LayerEntries, lower: FileTree): void {
    for (let index = 0; index < entries.length; index++) {
      const kind = entries.kindAt(index)
      if (kind === 'opaque') continue
      const whiteout = kind === 'whiteout'
      const path = whiteout ? whitedOut(entries.pathAt(index)) : entries.pathAt(index)
      const bytes = whiteout
        ? deletedBytes(lower, path)
        : kind === 'file'
          ? entries.bytesAt(index)
          : 0
      const copy = pack(layer, bytes)
      const known = this.copies.get(path)
      if (known === undefined) this.copies.set(path, copy)
      else if (typeof known === 'number') this.copies.set(path, [known, copy])
      else known.push(copy)
    }
  }

  result(): WasteAnalysis {
    let all = 0
    let smallest = 0
    let wastedBytes = 0
    const hidden = new Map<string, HiddenCopies>()
    for (const list of this.copies.values()) {
      if (typeof list === 'number') {
        all += bytesOf(list)
        smallest += bytesOf(list)
        continue
      }
      const sizes = list.map(bytesOf)
      const total = sizes.reduce((sum, size) => sum + size, 0)
      all += total
      smallest += Math.min(...sizes)
      wastedBytes += total
      for (let index = 1; index < list.length; index++) {
        const [writer, hider] = [layerOf(list[index - 1]), layerOf(list[index])]
        const key = `${writer}:${hider}`
        const pair = hidden.get(key) ?? { writer, hider, bytes: 0, paths: 0 }
        pair.bytes += sizes[index - 1]
        pair.paths += 1
        hidden.set(key, pair)
      }
    }
    return {
      wastedBytes,
      efficiency: all === 0 ? 1 : smallest / all,
      hidden: [...hidden.values()].filter(pair => pair.bytes > 0).sort((a, b) => b.bytes - a.bytes)
    }
  }
}
