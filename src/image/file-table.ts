import { createHash } from 'node:crypto'
import type { EntrySink } from './tar-headers.js'
import { whitedOut } from './whiteout.js'

type FileKind = 'file' | 'symlink' | 'hardlink' | 'directory' | 'other'

/** What a program in the image meets at one path: what two images are compared by. */
export interface FileRecord {
  kind: FileKind
  /** Permission, set-id and sticky bits. */
  mode: number
  uid: number
  gid: number
  /** A file's contents as sha256 (hex); '' for anything else. */
  digest: string
  /** A symlink's target, or the path a hard link shares its file with. */
  link: string
  bytes: number
  /** The layer that wrote it, base first. */
  layer: number
}

/** One entry of a layer tar as the table needs it: a record, or a whiteout of what lies below. */
export interface LayerFile extends Omit<FileRecord, 'layer' | 'kind'> {
  path: string
  kind: FileKind | 'whiteout' | 'opaque'
}

/** The image config's fields that decide how the image runs. */
export const RUNTIME_FIELDS = [
  'Entrypoint',
  'Cmd',
  'Env',
  'User',
  'WorkingDir',
  'ExposedPorts',
  'Volumes',
  'Labels',
  'Healthcheck',
  'StopSignal'
] as const

export type RuntimeConfig = Partial<Record<(typeof RUNTIME_FIELDS)[number], unknown>>

/** An image as a program in it sees it: its final files, how it runs, and its dev package folders. */
export interface ImageContents {
  files: Map<string, FileRecord>
  config: RuntimeConfig
  /** Folders (no leading /) of packages the project's lockfile or manifest marks dev. */
  devFolders: string[]
}

/** The runtime fields of an image config's `config`, those it sets. */
export function runtimeConfig(config: Record<string, unknown> | null | undefined): RuntimeConfig {
  const picked: RuntimeConfig = {}
  for (const field of RUNTIME_FIELDS)
    if (config?.[field] !== undefined && config[field] !== null) picked[field] = config[field]
  return picked
}

/**
 * A compiled Python file's first 16 bytes hold its source's timestamp and size
 * (PEP 552): a rebuild that changes nothing writes new ones, so they are not its code.
 */
const PYC_HEADER = 16

/** Hashes a file's contents into `record` as they pass, and hands them on to `next`. */
export function digestSink(record: LayerFile, next?: EntrySink): EntrySink {
  const hash = createHash('sha256')
  let skip = record.path.endsWith('.pyc') ? PYC_HEADER : 0
  return {
    write: data => {
      const kept = skip > 0 ? data.subarray(Math.min(skip, data.length)) : data
      skip = Math.max(0, skip - data.length)
      hash.update(kept)
      next?.write(data)
    },
    end: () => {
      record.digest = hash.digest('hex')
      next?.end()
    }
  }
}

/** The folder an opaque marker empties: `dir/.wh..wh..opq` → `dir`. */
const folderOf = (path: string): string => path.slice(0, Math.max(0, path.lastIndexOf('/')))

/** Whether `path` or a folder above it is in `roots` ('' is the root itself): by ancestor, as roots may number thousands. */
export function under(path: string, roots: ReadonlySet<string>): boolean {
  if (roots.has(path)) return true
  for (let at = path.lastIndexOf('/'); at > 0; at = path.lastIndexOf('/', at - 1))
    if (roots.has(path.slice(0, at))) return true
  return roots.has('')
}

/**
 * The final files of layers applied in order: each layer's whiteouts remove what
 * lies below (a path and all under it; an opaque folder's contents), then its own
 * entries land.
 */
export function finalFiles(layers: LayerFile[][]): Map<string, FileRecord> {
  const files = new Map<string, FileRecord>()
  layers.forEach((entries, layer) => {
    const removed = new Set<string>()
    const emptied = new Set<string>()
    for (const entry of entries) {
      if (entry.kind === 'whiteout') removed.add(whitedOut(entry.path))
      if (entry.kind === 'opaque') emptied.add(folderOf(entry.path))
    }
    if (removed.size + emptied.size > 0)
      for (const path of files.keys())
        if (under(path, removed) || (!emptied.has(path) && under(path, emptied))) files.delete(path)
    for (const { path, kind, ...rest } of entries)
      if (kind !== 'whiteout' && kind !== 'opaque') files.set(path, { kind, ...rest, layer })
  })
  return files
}
