import type { LayerEntries } from './layer.js'
import { type FileTree, filesUnder, type TreeNode } from './tree.js'
import { whitedOut } from './whiteout.js'

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
  /** Σ of every copy of each path that more than one layer holds (dive's wastedBytes, deleted folders counted). */
  wastedBytes: number
  /** Σ smallest copy per path / Σ all copies (dive's efficiency); 1 for an empty image. */
  efficiency: number
  hidden: HiddenCopies[]
}

/**
 * Files a package manager rewrites each time it runs (its database, logs, the
 * linker's cache): their old copies are the price of installing anything at all,
 * not bytes a Dockerfile line could keep out, so they make no hidden copies. They
 * still count as dive counts them.
 */
export const REWRITTEN_BY_PACKAGE_MANAGERS =
  /^(var\/lib\/dpkg|var\/cache\/debconf|var\/log|var\/cache\/ldconfig|lib\/apk\/db|var\/lib\/rpm|usr\/lib\/sysimage\/rpm|var\/lib\/dnf|var\/lib\/yum)\/|^(var\/lib\/apt\/extended_states|etc\/ld\.so\.cache|usr\/share\/info\/dir)$/

/** A copy of a path packed in one number: its bytes and its layer (layers < LAYERS). */
export const LAYERS = 4096
const pack = (layer: number, bytes: number): number => bytes * LAYERS + layer
const layerOf = (copy: number): number => copy % LAYERS
const bytesOf = (copy: number): number => Math.floor(copy / LAYERS)
const pairKey = (writer: number, hider: number): number => writer * LAYERS + hider

/** The folder an opaque marker (`dir/.wh..wh..opq`) empties. */
const folderOf = (path: string): string => path.slice(0, Math.max(0, path.lastIndexOf('/')))

/**
 * Counts each path's copies as dive does: every leaf of each layer's own tree is a
 * copy of its path, sized by its tar header (a folder: 0), a whiteout by what it
 * deletes. Layers hand over only their leaf folders, so a deleted folder that held
 * files has no copy of its own yet: it gets an empty one, so that what it held
 * counts as wasted (dive, which visits only leaf folders, leaves those bytes out).
 * Who hid what is kept by file: the files of a deleted or emptied (opaque) folder
 * are hidden copies of the layers that wrote each of them.
 */
export class WasteCounter {
  /** Each path's copies: most paths have one, kept as one number; the rest as a list. */
  private readonly copies = new Map<string, number | number[]>()
  /** Folder whiteouts' copies (`layer\0path`): what they delete was counted where it was written. */
  private readonly folderWhiteouts = new Set<string>()
  /** Folders deleted or emptied, by layer: their files' copies were hidden there, by file. */
  private readonly clearedFolders: { folder: string; layer: number }[] = []
  private readonly hidden = new Map<number, HiddenCopies>()

  /** Counts one layer; call it before the layer's deletions are applied to `lower`. */
  addLayer(layer: number, entries: LayerEntries, lower: FileTree): void {
    for (let index = 0; index < entries.length; index++) {
      const kind = entries.kindAt(index)
      if (kind === 'opaque') {
        const folder = folderOf(entries.pathAt(index))
        this.hideFolder(folder, lower.get(folder), layer)
        continue
      }
      if (kind !== 'whiteout') {
        this.addCopy(
          entries.pathAt(index),
          pack(layer, kind === 'file' ? entries.bytesAt(index) : 0)
        )
        continue
      }
      const path = whitedOut(entries.pathAt(index))
      const node = lower.get(path)
      if (node?.kind !== 'dir') {
        this.addCopy(path, pack(layer, 0))
        continue
      }
      if (!this.copies.has(path)) this.addCopy(path, pack(layer, 0))
      this.folderWhiteouts.add(`${layer}\0${path}`)
      this.addCopy(path, pack(layer, this.hideFolder(path, node, layer)))
    }
  }

  private addCopy(path: string, copy: number): void {
    const known = this.copies.get(path)
    if (known === undefined) this.copies.set(path, copy)
    else if (typeof known === 'number') this.copies.set(path, [known, copy])
    else known.push(copy)
  }

  private hide(writer: number, hider: number, bytes: number): void {
    const key = pairKey(writer, hider)
    const pair = this.hidden.get(key) ?? { writer, hider, bytes: 0, paths: 0 }
    pair.bytes += bytes
    pair.paths += 1
    this.hidden.set(key, pair)
  }

  /** The files under a folder `hider` deletes or empties, as hidden copies of their writers; their bytes. */
  private hideFolder(folder: string, node: TreeNode | undefined, hider: number): number {
    if (node?.kind !== 'dir') return 0
    this.clearedFolders.push({ folder, layer: hider })
    let bytes = 0
    for (const [path, file] of filesUnder(node, folder)) {
      bytes += file.tarSize
      if (!REWRITTEN_BY_PACKAGE_MANAGERS.test(path)) this.hide(file.layer, hider, file.tarSize)
    }
    return bytes
  }

  result(): WasteAnalysis {
    let all = 0
    let smallest = 0
    let wastedBytes = 0
    for (const [path, list] of this.copies) {
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
      if (!REWRITTEN_BY_PACKAGE_MANAGERS.test(path)) this.hideCopies(path, list)
    }
    return {
      wastedBytes,
      efficiency: all === 0 ? 1 : smallest / all,
      hidden: [...this.hidden.values()]
        .filter(pair => pair.bytes > 0)
        .sort((a, b) => b.bytes - a.bytes)
    }
  }

  /**
   * Each copy of a path hidden by the next one; not a folder whiteout's, nor one a
   * deleted or emptied folder took with it (hidden there, by file).
   */
  private hideCopies(path: string, list: number[]): void {
    for (let index = 1; index < list.length; index++) {
      const [writer, hider] = [layerOf(list[index - 1]), layerOf(list[index])]
      if (this.folderWhiteouts.has(`${writer}\0${path}`)) continue
      const cleared = this.clearedFolders.some(
        ({ folder, layer }) =>
          writer < layer && layer <= hider && (folder === '' || path.startsWith(`${folder}/`))
      )
      if (!cleared) this.hide(writer, hider, bytesOf(list[index - 1]))
    }
  }
}
