import { posix } from 'node:path'
import { createHash } from 'node:crypto'
import {
  type BlobSizes,
  type LayerInput,
  layerInput,
  MAGIC_BYTES,
  type TarBytes
} from './layer-input.js'
import { MetadataBudget, PackageProbe } from './packages/probe.js'
import type { PackageEvidence } from './packages/types.js'
import { digestSink, type LayerFile } from './file-table.js'
import { type EntrySink, type TarHeader, TarReader } from './tar-headers.js'
import { OPAQUE, WHITEOUT } from './whiteout.js'

export type EntryKind =
  'file' | 'symlink' | 'hardlink' | 'directory' | 'whiteout' | 'opaque' | 'other'

/** One entry of a layer tar: its path (no leading ./ or /) and the bytes it holds. */
export interface LayerEntry {
  path: string
  kind: EntryKind
  /** Content bytes: file size, or the link target's length for a symlink, as the engine counts. */
  bytes: number
}

const KINDS: EntryKind[] = [
  'file',
  'symlink',
  'hardlink',
  'directory',
  'whiteout',
  'opaque',
  'other'
]

/**
 * A layer's entries, stored column by column: an image of 100,000 files keeps
 * these until every layer is read, and an object per entry would double their cost.
 * Iterating hands out one short-lived LayerEntry at a time.
 */
export class LayerEntries implements Iterable<LayerEntry> {
  private readonly paths: string[] = []
  private readonly kinds: number[] = []
  private readonly sizes: number[] = []

  /** The entries of a list, or the list itself when it is one already. */
  static of(entries: Iterable<LayerEntry>): LayerEntries {
    if (entries instanceof LayerEntries) return entries
    const columns = new LayerEntries()
    for (const entry of entries) columns.push(entry)
    return columns
  }

  push(entry: LayerEntry): void {
    this.paths.push(entry.path)
    this.kinds.push(KINDS.indexOf(entry.kind))
    this.sizes.push(entry.bytes)
  }

  get length(): number {
    return this.paths.length
  }

  // Read by index in the analysis's passes: no object per entry per pass.
  pathAt(index: number): string {
    return this.paths[index]
  }

  kindAt(index: number): EntryKind {
    return KINDS[this.kinds[index]]
  }

  bytesAt(index: number): number {
    return this.sizes[index]
  }

  *[Symbol.iterator](): Iterator<LayerEntry> {
    for (let index = 0; index < this.paths.length; index++)
      yield { path: this.paths[index], kind: KINDS[this.kinds[index]], bytes: this.sizes[index] }
  }
}

/** What one layer blob holds, measured while it streams past. */
export interface LayerAnalysis {
  /** Bytes of the uncompressed layer tar. */
  tarBytes: number
  /** The uncompressed tar's sha256 (`sha256:…`): what the image config's diff_ids name. */
  diffId: string
  /** Bytes of the layer gzip-compressed: the blob's own size if it came compressed. */
  compressedBytes: number
  /** True when compressedBytes is the blob's real size rather than a gzip estimate. */
  compressedExact: boolean
  /** Bytes of content (files and link targets), the engine's measure of a layer. */
  contentBytes: number
  entries: LayerEntries
  /** What the layer's package metadata said (see PackageProbe). */
  packages: PackageEvidence[]
  /** Every entry with its owner, mode and content digest, when asked for (MeterOptions.files). */
  files?: LayerFile[]
}

/** What makes a name unclean: a leading `/` or `./`, `//`, a `.` or `..` part, a trailing `/`. */
const UNCLEAN = /^\.{0,2}\/|\/\/|\/\.{1,2}(\/|$)|^\.{1,2}$|\/$/

/**
 * A layer path as Docker applies it: cleaned as Go's path.Clean cleans `"/" + name`
 * (`a/./b` is `a/b`, `a/../b` is `b`, nothing climbs above the root), without the
 * leading `/`. Whiteouts are matched against these, so both sides agree.
 */
function cleanPath(name: string): string {
  // Most names are clean already; the rest go through the slow path.
  if (!UNCLEAN.test(name)) return name
  return posix.normalize(`/${name}`).replace(/^\/+/, '').replace(/\/+$/, '')
}

function entryOf(header: TarHeader): LayerEntry {
  const path = cleanPath(header.name)
  const base = path.lastIndexOf('/') + 1
  if (path.startsWith(WHITEOUT, base))
    return {
      path,
      kind: path.endsWith(OPAQUE) && path.length - base === OPAQUE.length ? 'opaque' : 'whiteout',
      bytes: 0
    }
  switch (header.type) {
    case 'file':
      return { path, kind: 'file', bytes: header.size }
    case 'symlink':
      return { path, kind: 'symlink', bytes: Buffer.byteLength(header.linkname) }
    case 'link':
      return { path, kind: 'hardlink', bytes: 0 }
    case 'directory':
      return { path, kind: 'directory', bytes: 0 }
    default:
      return { path, kind: 'other', bytes: 0 }
  }
}

/** An entry as the file table keeps it: its kind, owner, mode and link; its digest comes with its contents. */
function layerFile(entry: LayerEntry, header: TarHeader): LayerFile {
  const { mode, uid, gid, linkname } = header
  const { kind } = entry
  const link = kind === 'symlink' ? linkname : kind === 'hardlink' ? cleanPath(linkname) : ''
  return { path: entry.path, kind, mode, uid, gid, link, digest: '', bytes: entry.bytes }
}

/**
 * The folder entries of a layer that hold nothing else in it (dive's leaves): the
 * only folder entries a figure depends on, since a later whiteout of one counts
 * as a second copy of its path. The rest are many and are not kept.
 */
class LeafFolders {
  private readonly folders = new Set<string>()
  private readonly parents = new Set<string>()
  /** The last parent met: a tar lists a folder's entries together. */
  private lastParent = ''

  add(entry: LayerEntry): void {
    if (entry.kind === 'directory') this.folders.add(entry.path)
    const { path } = entry
    const slash = path.lastIndexOf('/')
    if (slash === this.lastParent.length && path.startsWith(this.lastParent)) return
    if (slash > 0) this.lastParent = path.slice(0, slash)
    // Every folder above an entry holds something; stop at one already known to.
    for (let at = slash; at > 0; at = path.lastIndexOf('/', at - 1)) {
      const parent = path.slice(0, at)
      if (this.parents.has(parent)) return
      this.parents.add(parent)
    }
  }

  leaves(): string[] {
    return [...this.folders].filter(folder => !this.parents.has(folder))
  }
}

export interface MeterOptions {
  /** Look for package metadata as the layer passes (default true). */
  packages?: boolean
  /** The metadata bytes the image's layers may still read, shared by them (default: a layer's own). */
  metadataBudget?: MetadataBudget
  /** Keep every entry's owner, mode and content digest: what a fix's image is compared by. */
  files?: boolean
}

/**
 * Measures a layer blob in one pass without holding it: the tar's entries, its
 * size, and its gzip size (compressed at level 6, as `gzip -6` does: an estimate of a push).
 * A blob that is already gzip or zstd is measured as it is. Written to synchronously, a
 * chunk at a time, with ready() awaited between chunks; analysis() rejects when
 * the blob is not a tar, and what is written after that is let go.
 */
export class LayerMeter implements EntrySink {
  private readonly entries = new LayerEntries()
  private readonly folders = new LeafFolders()
  private readonly reader = new TarReader(header => {
    const entry = entryOf(header)
    this.folders.add(entry)
    if (entry.kind !== 'directory') this.entries.push(entry)
    const probed = entry.kind === 'file' ? this.probe?.sinkFor(entry.path, entry.bytes) : undefined
    if (!this.files) return probed
    const file = layerFile(entry, header)
    this.files.push(file)
    return entry.kind === 'file' ? digestSink(file, probed) : probed
  })
  /** Absent unless asked for (MeterOptions.files). */
  private readonly files: LayerFile[] | undefined
  /** The uncompressed bytes, on their way to the reader, hashed: the layer's diff_id. */
  private readonly hash = createHash('sha256')
  private readonly tarBytes: TarBytes = {
    write: chunk => {
      this.hash.update(chunk)
      this.reader.write(chunk)
    }
  }
  /** Absent when packages are not looked for (the benchmark's baseline). */
  private readonly probe: PackageProbe | undefined
  private input: LayerInput | undefined
  /** The first bytes, until there are enough to tell gzip and zstd from a tar. */
  private head: Buffer | undefined
  private failure: Error | undefined
  private readonly result: Promise<LayerAnalysis>
  private settle!: { resolve(analysis: LayerAnalysis): void; reject(error: Error): void }

  constructor(options: MeterOptions = {}) {
    if (options.packages !== false)
      this.probe = new PackageProbe(options.metadataBudget ?? new MetadataBudget())
    if (options.files) this.files = []
    this.result = new Promise((resolve, reject) => (this.settle = { resolve, reject }))
    // Read by analysis(); a failure before anyone asks must not count as unhandled.
    this.result.catch(() => undefined)
  }

  write(chunk: Buffer): void {
    const data = this.head ? Buffer.concat([this.head, chunk]) : chunk
    this.head = undefined
    // Kept past this call: a copy (the chunk's buffer may be reused).
    if (!this.input && data.length < MAGIC_BYTES) this.head = Buffer.from(data)
    else this.feed(data)
  }

  /** Resolves when the meter can take the next chunk; never rejects (see analysis()). */
  async ready(): Promise<void> {
    if (!this.input || this.failure) return
    await this.input.ready().catch((error: Error) => this.fail(error))
  }

  end(): void {
    if (this.head || !this.input) this.feed(this.head ?? Buffer.alloc(0))
    const input = this.input
    if (this.failure || !input) return
    input.end().then(
      sizes => this.finish(input.exact, sizes),
      (error: Error) => this.fail(error)
    )
    // What reads and compresses the blob goes once it has all of it.
    this.input = undefined
  }

  analysis(): Promise<LayerAnalysis> {
    return this.result
  }

  private feed(data: Buffer): void {
    if (this.failure) return
    this.input ??= layerInput(data, this.tarBytes)
    try {
      this.input.write(data)
    } catch (error) {
      this.fail(error as Error)
    }
  }

  private finish(compressedExact: boolean, sizes: BlobSizes): void {
    try {
      this.reader.end()
    } catch (error) {
      this.fail(error as Error)
      return
    }
    for (const path of this.folders.leaves())
      this.entries.push({ path, kind: 'directory', bytes: 0 })
    this.settle.resolve({
      ...sizes,
      diffId: `sha256:${this.hash.digest('hex')}`,
      compressedExact,
      contentBytes: contentBytesOf(this.entries),
      entries: this.entries,
      packages: this.probe?.evidence ?? [],
      files: this.files
    })
  }

  private fail(error: Error): void {
    this.failure ??= error
    this.settle.reject(this.failure)
  }
}

/** Measures a layer blob from an iterable of its chunks (see LayerMeter). */
export async function analyzeLayer(
  blob: AsyncIterable<Buffer> | Iterable<Buffer>,
  options: MeterOptions = {}
): Promise<LayerAnalysis> {
  const meter = new LayerMeter(options)
  for await (const chunk of blob) {
    meter.write(chunk)
    await meter.ready()
  }
  meter.end()
  return meter.analysis()
}

function contentBytesOf(entries: LayerEntries): number {
  let bytes = 0
  for (let index = 0; index < entries.length; index++) {
    const kind = entries.kindAt(index)
    if (kind === 'file' || kind === 'symlink') bytes += entries.bytesAt(index)
  }
  return bytes
}
