import { posix } from 'node:path'
import type { DeclaredChange } from '../dockerfile/fixes/edits.js'
import { CACHE_DIRECTORIES } from './files.js'
import { REWRITTEN_BY_PACKAGE_MANAGERS } from './waste.js'
import {
  type FileRecord,
  type ImageContents,
  RUNTIME_FIELDS,
  type RuntimeConfig,
  under
} from './file-table.js'

/** Folders whose contents a rebuild rewrites: caches, package lists, logs, ldconfig's own cache. */
const REWRITTEN_FOLDERS = [...CACHE_DIRECTORIES, 'var/log', 'var/cache/ldconfig']

/** An image's contents and how many of its first layers are its base image's. */
export interface ComparedImage {
  contents: ImageContents
  baseLayers: number
}

/** A difference no declared change explains: `/app: owner 1001:1001 → 0:0`. */
type Difference = string

/** Files a declared change removed, summed by change and (for caches) by folder. */
interface Removed {
  change: DeclaredChange
  /** The cache or log folder they were under; '' for the other changes. */
  folder: string
  files: number
  bytes: number
}

export interface ContentsComparison {
  /** The first differences no declared change explains, in path order. */
  differences: Difference[]
  /** How many there are in all. */
  differenceCount: number
  /** What the declared changes removed, largest first. */
  removed: Removed[]
  /** Dev package folders the fixed image no longer has. */
  devFoldersRemoved: string[]
}

/** How many differences a comparison names; the rest are counted. */
const NAMED_DIFFERENCES = 8

const within = (path: string, folder: string): boolean =>
  path === folder || path.startsWith(`${folder}/`)

/** The folders above each dev folder up to its node_modules (`@types` of `@types/node`), which go with it. */
function scopeFolders(devFolders: ReadonlySet<string>): Set<string> {
  const scopes = new Set<string>()
  for (const folder of devFolders) {
    const parent = posix.dirname(folder)
    if (!parent.endsWith('node_modules')) scopes.add(parent)
  }
  return scopes
}

const octal = (mode: number): string => mode.toString(8).padStart(4, '0')

/** What differs between one path's two records, in a reviewer's words; '' when nothing does. */
function recordChange(head: FileRecord, fixed: FileRecord): string {
  if (head.kind !== fixed.kind) return `${head.kind} → ${fixed.kind}`
  const parts: string[] = []
  if (head.uid !== fixed.uid || head.gid !== fixed.gid)
    parts.push(`owner ${head.uid}:${head.gid} → ${fixed.uid}:${fixed.gid}`)
  if (head.mode !== fixed.mode) parts.push(`mode ${octal(head.mode)} → ${octal(fixed.mode)}`)
  if (head.link !== fixed.link) parts.push(`link ${head.link} → ${fixed.link}`)
  if (head.digest !== fixed.digest) parts.push('contents differ')
  return parts.join(', ')
}

/** The declared changes, as tests on one path of either image. */
class Declared {
  private readonly rewritten: boolean
  private readonly devFolders: Set<string>
  private readonly scopes: Set<string>

  constructor(
    private readonly changes: ReadonlySet<DeclaredChange>,
    private readonly head: ComparedImage,
    private readonly fixed: ComparedImage
  ) {
    this.rewritten = changes.has('caches')
    this.devFolders = new Set(changes.has('dev-packages') ? head.contents.devFolders : [])
    this.scopes = scopeFolders(this.devFolders)
  }

  /** The change (and cache folder) that explains `path` going from the image, if one does. */
  removal(path: string, record: FileRecord): Omit<Removed, 'files' | 'bytes'> | undefined {
    if (this.devFolders.size > 0 && this.isDevPackageFile(path, record))
      return { change: 'dev-packages', folder: '' }
    const folder = this.rewritten && REWRITTEN_FOLDERS.find(root => within(path, root))
    if (folder) return { change: 'caches', folder }
    if (this.changes.has('base-files') && record.layer < this.head.baseLayers)
      return { change: 'base-files', folder: '' }
    return undefined
  }

  /** The change that explains `path` being new or rewritten in the fixed image. */
  rewrite(path: string, head: FileRecord | undefined, fixed: FileRecord): boolean {
    if (this.rewritten && REWRITTEN_FOLDERS.some(folder => within(path, folder))) return true
    // npm's record of the installed tree is rewritten with the tree.
    if (this.devFolders.size > 0 && path.endsWith('node_modules/.package-lock.json')) return true
    if (!this.changes.has('base-files')) return false
    // Package databases list the base's packages, whichever layer wrote them last.
    if (REWRITTEN_BY_PACKAGE_MANAGERS.test(path)) return true
    const fromBase = (record: FileRecord | undefined, image: ComparedImage) =>
      record === undefined || record.layer < image.baseLayers
    return fromBase(head, this.head) && fromBase(fixed, this.fixed)
  }

  private isDevPackageFile(path: string, record: FileRecord): boolean {
    if (under(path, this.devFolders) || this.scopes.has(path)) return true
    // A `.bin` link into a dev package goes with it.
    return (
      record.kind === 'symlink' &&
      posix.basename(posix.dirname(path)) === '.bin' &&
      under(posix.join(posix.dirname(path), record.link), this.devFolders)
    )
  }
}

/** The runtime config fields that differ, each as a difference. */
function configDifferences(head: RuntimeConfig, fixed: RuntimeConfig): Difference[] {
  return RUNTIME_FIELDS.filter(
    field => JSON.stringify(head[field]) !== JSON.stringify(fixed[field])
  ).map(
    field =>
      `config ${field}: ${JSON.stringify(head[field] ?? null)} → ${JSON.stringify(fixed[field] ?? null)}`
  )
}

/**
 * Compares a fix's image with the original, file by file (kind, owner, mode,
 * contents, link target) and by its runtime config. What `changes` declare is
 * summed as removed; everything else is a difference.
 */
export function compareContents(
  head: ComparedImage,
  fixed: ComparedImage,
  changes: ReadonlySet<DeclaredChange>
): ContentsComparison {
  const declared = new Declared(changes, head, fixed)
  const differences = configDifferences(head.contents.config, fixed.contents.config)
  const configCount = differences.length
  const removed = new Map<string, Removed>()
  const fixedFiles = fixed.contents.files
  for (const [path, record] of head.contents.files) {
    const other = fixedFiles.get(path)
    if (!other) {
      const why = declared.removal(path, record)
      if (!why) differences.push(`/${path}: removed`)
      else {
        const key = `${why.change}:${why.folder}`
        const sum = removed.get(key) ?? { ...why, files: 0, bytes: 0 }
        removed.set(key, sum)
        sum.files += record.kind === 'directory' ? 0 : 1
        sum.bytes += record.bytes
      }
      continue
    }
    const change = recordChange(record, other)
    if (change && !declared.rewrite(path, record, other)) differences.push(`/${path}: ${change}`)
  }
  for (const [path, record] of fixedFiles)
    if (!head.contents.files.has(path) && !declared.rewrite(path, undefined, record))
      differences.push(`/${path}: added`)
  const [config, files] = [differences.slice(0, configCount), differences.slice(configCount)]
  const ordered = [...config, ...files.sort()]
  const devFoldersRemoved = head.contents.devFolders.filter(
    folder => head.contents.files.has(folder) && !fixedFiles.has(folder)
  )
  return {
    differences: ordered.slice(0, NAMED_DIFFERENCES),
    differenceCount: ordered.length,
    removed: [...removed.values()].filter(sum => sum.files > 0).sort((a, b) => b.bytes - a.bytes),
    devFoldersRemoved
  }
}
