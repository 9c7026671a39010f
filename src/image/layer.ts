import { once } from 'node:events'
import { createGunzip } from 'node:zlib'
import { GzipSizer } from './gzip-size.js'
import { type TarHeader, TarHeaderReader } from './tar-headers.js'

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

  push(entry: LayerEntry): void {
    this.paths.push(entry.path)
    this.kinds.push(KINDS.indexOf(entry.kind))
    this.sizes.push(entry.bytes)
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
  /** Bytes of the layer gzip-compressed: the blob's own size if it came compressed. */
  compressedBytes: number
  /** True when compressedBytes is the blob's real size rather than a gzip estimate. */
  compressedExact: boolean
  /** Bytes of content (files and link targets), the engine's measure of a layer. */
  contentBytes: number
  entries: LayerEntries
}

export const WHITEOUT = '.wh.'
const OPAQUE = '.wh..wh..opq'

export function normalizePath(name: string): string {
  // Most names need nothing done; the expressions are for the rest.
  const first = name.charCodeAt(0)
  if (first !== 0x2e && first !== 0x2f && name.charCodeAt(name.length - 1) !== 0x2f) return name
  return name.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '')
}

function entryOf(header: TarHeader): LayerEntry {
  const path = normalizePath(header.name)
  const base = path.slice(path.lastIndexOf('/') + 1)
  if (base === OPAQUE) return { path, kind: 'opaque', bytes: 0 }
  if (base.startsWith(WHITEOUT)) return { path, kind: 'whiteout', bytes: 0 }
  switch (header.type) {
    case 'file':
      return { path, kind: 'file', bytes: header.size }
    case 'symlink':
      return { path, kind: 'symlink', bytes: Buffer.byteLength(header.linkname ?? '') }
    case 'link':
      return { path, kind: 'hardlink', bytes: 0 }
    case 'directory':
      return { path, kind: 'directory', bytes: 0 }
    default:
      return { path, kind: 'other', bytes: 0 }
  }
}

interface WritableLike {
  write(chunk: Buffer): boolean
  on(event: string, listener: (...args: unknown[]) => void): unknown
}

/** Writes a chunk, waiting for 'drain' when the stream asks to. */
export async function writeTo(stream: WritableLike, chunk: Buffer): Promise<void> {
  if (!stream.write(chunk)) await once(stream as never, 'drain')
}

/**
 * The folder entries of a layer that hold nothing else in it (dive's leaves): the
 * only folder entries a figure depends on, since a later whiteout of one counts
 * as a second copy of its path. The rest are many and are not kept.
 */
class LeafFolders {
  private readonly folders = new Set<string>()
  private readonly parents = new Set<string>()

  add(entry: LayerEntry): void {
    if (entry.kind === 'directory') this.folders.add(entry.path)
    // Every folder above an entry holds something; stop at one already known to.
    for (
      let slash = entry.path.lastIndexOf('/');
      slash > 0;
      slash = entry.path.lastIndexOf('/', slash - 1)
    ) {
      const parent = entry.path.slice(0, slash)
      if (this.parents.has(parent)) return
      this.parents.add(parent)
    }
  }

  leaves(): string[] {
    return [...this.folders].filter(folder => !this.parents.has(folder))
  }
}

function isGzip(chunk: Buffer): boolean {
  return chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b
}

/**
 * Measures a layer blob in one pass without holding it: the tar's entries, its
 * size, and its gzip size (compressed at the default level, as a push stores it).
 * A blob that is already gzip is measured as it is. Rejects when the blob is not a tar.
 */
export async function analyzeLayer(
  blob: AsyncIterable<Buffer> | Iterable<Buffer>
): Promise<LayerAnalysis> {
  const entries = new LayerEntries()
  const folders = new LeafFolders()
  const reader = new TarHeaderReader(header => {
    const entry = entryOf(header)
    folders.add(entry)
    if (entry.kind !== 'directory') entries.push(entry)
  })
  let tarBytes = 0
  let compressedBytes = 0
  let compressedExact = false
  let gzip: GzipSizer | undefined
  let gunzip: ReturnType<typeof createGunzip> | undefined
  let unzipped: Promise<void> | undefined

  for await (const chunk of blob) {
    if (!gzip && !gunzip) {
      compressedExact = isGzip(chunk)
      if (compressedExact) {
        gunzip = createGunzip()
        unzipped = forward(gunzip, reader, bytes => (tarBytes += bytes))
        // Awaited below; a tar error meanwhile must not count as unhandled.
        unzipped.catch(() => undefined)
      } else gzip = new GzipSizer()
    }
    if (gunzip) {
      compressedBytes += chunk.length
      await Promise.race([writeTo(gunzip, chunk), unzipped])
    } else if (gzip) {
      tarBytes += chunk.length
      reader.write(chunk)
      await gzip.write(chunk)
    }
  }
  if (gunzip) {
    gunzip.end()
    await unzipped
  } else {
    if (gzip) compressedBytes = await gzip.end()
    reader.end()
  }
  for (const path of folders.leaves()) entries.push({ path, kind: 'directory', bytes: 0 })
  return {
    tarBytes,
    compressedBytes,
    compressedExact,
    contentBytes: contentBytesOf(entries),
    entries
  }
}

async function forward(
  source: AsyncIterable<Buffer>,
  reader: TarHeaderReader,
  count: (bytes: number) => void
): Promise<void> {
  for await (const chunk of source) {
    count(chunk.length)
    reader.write(chunk)
  }
  reader.end()
}

function contentBytesOf(entries: Iterable<LayerEntry>): number {
  let bytes = 0
  for (const entry of entries) {
    if (entry.kind === 'file' || entry.kind === 'symlink') bytes += entry.bytes
  }
  return bytes
}
