import { type LayerEntry, WHITEOUT } from './layer.js'

export interface PathBytes {
  path: string
  bytes: number
}

/** A compact view of the image's files, enough to diff two images without them. */
export interface FileSummary {
  /** Files (and links) in the final filesystem. */
  fileCount: number
  largestFiles: (PathBytes & { layer: number })[]
  largestDirectories: PathBytes[]
}

/** Bytes a package manager's cache or lists leave in the image, and the layer that holds most. */
export interface CacheDirectory extends PathBytes {
  layer: number
}

export interface FileAnalysis {
  files: FileSummary
  caches: CacheDirectory[]
  /** Bytes of every copy of a path that more than one layer writes or deletes (dive's measure). */
  wastedBytes: number
  /** Σ smallest copy per path / Σ all copies, 1 when nothing is written twice. */
  efficiency: number
}

const TOP = 20
/** Folders that only caches and package lists live in; nothing at run time needs them. */
export const CACHE_DIRECTORIES = [
  'var/lib/apt/lists',
  'var/cache/apt',
  'var/cache/apk',
  'var/cache/yum',
  'var/cache/dnf',
  'root/.cache/pip',
  'root/.npm',
  'usr/local/share/.cache/yarn',
  'root/.cache/yarn',
  'root/.cache/go-build',
  'root/.cargo/registry',
  'root/.m2/repository',
  'root/.gradle/caches'
]
// Deep enough to tell node_modules of one app from another, shallow enough to stay compact.
const DIRECTORY_DEPTH = 4

interface Present {
  bytes: number
  layer: number
}

function dirname(path: string): string {
  const slash = path.lastIndexOf('/')
  return slash === -1 ? '' : path.slice(0, slash)
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

/** Removes `path` and everything under it, telling `deleted` of each file removed. */
function remove(
  files: Map<string, Present>,
  path: string,
  deleted: (path: string, bytes: number) => void
): void {
  const prefix = `${path}/`
  for (const [candidate, present] of files) {
    if (candidate === path || candidate.startsWith(prefix)) {
      deleted(candidate, present.bytes)
      files.delete(candidate)
    }
  }
}

function top<T extends { bytes: number; path: string }>(items: T[]): T[] {
  return items.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path)).slice(0, TOP)
}

/** Applies the layers in order (whiteouts included) and measures the result. */
export function analyzeFiles(layers: LayerEntry[][]): FileAnalysis {
  const present = new Map<string, Present>()
  const copies = new Map<string, number[]>()
  const addCopy = (path: string, bytes: number): void => {
    const list = copies.get(path)
    if (list) list.push(bytes)
    else copies.set(path, [bytes])
  }
  layers.forEach((entries, layer) => {
    for (const entry of entries) {
      if (entry.kind === 'directory') continue
      // A whiteout counts the size of each file it deletes, as one more copy of it.
      if (entry.kind === 'opaque') {
        for (const path of [...present.keys()].filter(path =>
          path.startsWith(`${dirname(entry.path)}/`)
        )) {
          remove(present, path, addCopy)
        }
        continue
      }
      if (entry.kind === 'whiteout') {
        const dir = dirname(entry.path)
        remove(
          present,
          `${dir ? `${dir}/` : ''}${basename(entry.path).slice(WHITEOUT.length)}`,
          addCopy
        )
        continue
      }
      addCopy(entry.path, entry.bytes)
      present.set(entry.path, { bytes: entry.bytes, layer })
    }
  })
  let wastedBytes = 0
  let allCopies = 0
  let smallest = 0
  for (const sizes of copies.values()) {
    const total = sizes.reduce((a, b) => a + b, 0)
    allCopies += total
    smallest += Math.min(...sizes)
    if (sizes.length > 1) wastedBytes += total
  }
  const directories = new Map<string, number>()
  for (const [path, { bytes }] of present) {
    const parts = path.split('/')
    for (let depth = 1; depth < parts.length && depth <= DIRECTORY_DEPTH; depth++) {
      const dir = parts.slice(0, depth).join('/')
      directories.set(dir, (directories.get(dir) ?? 0) + bytes)
    }
  }
  return {
    caches: cachesIn(present),
    files: {
      fileCount: present.size,
      largestFiles: top([...present].map(([path, { bytes, layer }]) => ({ path, bytes, layer }))),
      largestDirectories: top([...directories].map(([path, bytes]) => ({ path, bytes })))
    },
    wastedBytes,
    efficiency: allCopies === 0 ? 1 : smallest / allCopies
  }
}

function cachesIn(present: Map<string, Present>): CacheDirectory[] {
  const caches: CacheDirectory[] = []
  for (const dir of CACHE_DIRECTORIES) {
    const byLayer = new Map<number, number>()
    for (const [path, { bytes, layer }] of present) {
      if (path.startsWith(`${dir}/`)) byLayer.set(layer, (byLayer.get(layer) ?? 0) + bytes)
    }
    const bytes = [...byLayer.values()].reduce((a, b) => a + b, 0)
    if (bytes === 0) continue
    const [layer] = [...byLayer].sort((a, b) => b[1] - a[1])[0]
    caches.push({ path: dir, bytes, layer })
  }
  return caches
}
