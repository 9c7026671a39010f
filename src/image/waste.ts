import type { LayerEntry } from './layer.js'
import { WHITEOUT } from './layer.js'
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

interface Copy {
  layer: number
  bytes: number
}

function parentPaths(path: string, into: Set<string>): void {
  for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1))
    into.add(path.slice(0, slash))
}

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
 * Counts each path's copies as dive does: every leaf of each layer's own tree
 * (files, empty folders, whiteouts; opaque markers are skipped) is a copy of its
 * path, sized by its tar header, a whiteout by what it deletes.
 */
export class WasteCounter {
  private readonly copies = new Map<string, Copy[]>()

  /** Counts one layer; call it before the layer's deletions are applied to `lower`. */
  addLayer(layer: number, entries: LayerEntry[], lower: FileTree): void {
    const counted = entries.filter(entry => entry.kind !== 'opaque')
    const parents = new Set<string>()
    for (const entry of counted) parentPaths(entry.path, parents)
    for (const entry of counted) {
      if (parents.has(entry.path)) continue
      const whiteout = entry.kind === 'whiteout'
      const path = whiteout ? whitedOut(entry.path) : entry.path
      const bytes = whiteout ? deletedBytes(lower, path) : entry.kind === 'file' ? entry.bytes : 0
      const list = this.copies.get(path)
      if (list) list.push({ layer, bytes })
      else this.copies.set(path, [{ layer, bytes }])
    }
  }

  result(): WasteAnalysis {
    let wastedBytes = 0
    let all = 0
    let smallest = 0
    const hidden = new Map<string, HiddenCopies>()
    for (const list of this.copies.values()) {
      let total = 0
      let least = Infinity
      for (const copy of list) {
        total += copy.bytes
        least = Math.min(least, copy.bytes)
      }
      all += total
      smallest += least
      if (list.length < 2) continue
      wastedBytes += total
      for (let index = 1; index < list.length; index++) {
        const [before, after] = [list[index - 1], list[index]]
        const key = `${before.layer}:${after.layer}`
        const pair = hidden.get(key) ?? {
          writer: before.layer,
          hider: after.layer,
          bytes: 0,
          paths: 0
        }
        pair.bytes += before.bytes
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
