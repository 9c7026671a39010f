import { once } from 'node:events'
import { createGunzip, type Gunzip } from 'node:zlib'
import { Decompress } from 'fzstd'
import { GzipSizer } from './gzip-size.js'

/** Enough of a blob's first bytes to tell gzip and zstd from a plain tar. */
export const MAGIC_BYTES = 4
const GZIP_MAGIC = [0x1f, 0x8b]
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd]

const startsWith = (chunk: Buffer, magic: number[]): boolean =>
  magic.every((byte, index) => chunk[index] === byte)

/** The sizes of a layer blob: its tar's, and its compressed size. */
export interface BlobSizes {
  tarBytes: number
  compressedBytes: number
}

/** Where a layer's uncompressed bytes go: its tar reader (and its diff_id's hash). */
export interface TarBytes {
  write(chunk: Buffer): void
}

/** How a layer's bytes reach its tar reader: as they are, or decompressed. */
export interface LayerInput {
  /** True when the compressed size is the blob's own, not a gzip estimate. */
  readonly exact: boolean
  write(chunk: Buffer): void
  /**
   * Resolves when the input can take more without holding more than a bounded
   * amount. A chunk is the caller's again once write() returns (a reader may
   * reuse its buffer): what is kept past that is copied.
   */
  ready(): Promise<void>
  /** Resolves once every byte has reached the reader. */
  end(): Promise<BlobSizes>
}

/** An uncompressed layer: read as it passes, and gzipped on the side to learn its size. */
class PlainInput implements LayerInput {
  readonly exact = false
  private readonly gzip = new GzipSizer()
  private tarBytes = 0

  constructor(private readonly reader: TarBytes) {}

  write(chunk: Buffer): void {
    this.tarBytes += chunk.length
    this.reader.write(chunk)
    this.gzip.write(chunk)
  }

  ready(): Promise<void> {
    return this.gzip.ready()
  }

  async end(): Promise<BlobSizes> {
    return { tarBytes: this.tarBytes, compressedBytes: await this.gzip.end() }
  }
}

const GUNZIP_CHUNK = 256 * 1024

/** A gzip layer: its own size is the compressed size; the reader gets it unzipped. */
class GzipInput implements LayerInput {
  readonly exact = true
  // Each output chunk is one trip to the thread pool: zlib's 16 KiB would make ten
  // thousand for a 150 MB layer, and those trips, not the inflating, set the pace.
  // A few chunks may wait for it, so that the writer (a builder, through a pipe of
  // 64 KiB) is not held up by each trip.
  // (zlib hands its options to the stream it is, as its types do not say).
  private readonly gunzip: Gunzip = createGunzip({
    chunkSize: GUNZIP_CHUNK,
    ...{ writableHighWaterMark: 4 * GUNZIP_CHUNK }
  })
  private readonly done: Promise<void>
  private tarBytes = 0
  private compressedBytes = 0
  private full = false

  constructor(reader: TarBytes) {
    this.done = new Promise((resolve, reject) => {
      this.gunzip.on('data', (out: Buffer) => {
        this.tarBytes += out.length
        try {
          reader.write(out)
        } catch (error) {
          this.gunzip.destroy(error as Error)
        }
      })
      this.gunzip.on('end', resolve).on('error', reject)
    })
    // Awaited by ready() and end(); a failure in between must not count as unhandled.
    this.done.catch(() => undefined)
  }

  write(chunk: Buffer): void {
    this.compressedBytes += chunk.length
    // gunzip reads it later, on the thread pool.
    this.full = !this.gunzip.write(Buffer.from(chunk))
  }

  async ready(): Promise<void> {
    if (this.full) await Promise.race([once(this.gunzip, 'drain'), this.done])
    this.full = false
  }

  async end(): Promise<BlobSizes> {
    this.gunzip.end()
    await this.done
    return { tarBytes: this.tarBytes, compressedBytes: this.compressedBytes }
  }
}

/** The most a zstd frame may make the decoder hold at once (fzstd holds a frame's declared size). */
const ZSTD_FRAME_LIMIT = 512 * 1024 * 1024

/** What a zstd frame header's descriptor byte says of the header: its length, and where its content size is. */
function frameHeader(descriptor: number) {
  const singleSegment = (descriptor >> 5) & 1
  const sizeFlag = descriptor >> 6
  const sizeBytes = sizeFlag ? 1 << sizeFlag : singleSegment
  // Magic, descriptor, window (unless single segment), dictionary id, content size.
  const sizeAt = 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][descriptor & 3]
  return { singleSegment, sizeFlag, sizeBytes, sizeAt, length: sizeAt + sizeBytes }
}

/**
 * Refuses a zstd frame whose header declares more than ZSTD_FRAME_LIMIT: its
 * content size (which the decoder allocates whole), else its window.
 */
function checkZstdFrame(header: Buffer): void {
  const { singleSegment, sizeFlag, sizeBytes, sizeAt } = frameHeader(header[4])
  let contentSize = 0
  for (let index = sizeBytes - 1; index >= 0; index--)
    contentSize = contentSize * 256 + header[sizeAt + index]
  if (sizeFlag === 1) contentSize += 256
  const exponent = header[5] >> 3
  const window = singleSegment ? 0 : 2 ** (10 + exponent) * (1 + (header[5] & 7) / 8)
  const declared = contentSize || window
  if (declared > ZSTD_FRAME_LIMIT)
    throw new Error(
      `its zstd frame declares ${declared} bytes, over the ${ZSTD_FRAME_LIMIT / 1024 / 1024} MiB this reader decodes at once`
    )
}

const SKIPPABLE = 0x184d2a50

/**
 * Walks a zstd stream's frames as its bytes pass, without decoding them, so that
 * every frame's header is checked before the decoder sees it: a frame header,
 * then blocks (a 3-byte header each; the last one ends the frame) and an optional
 * checksum. Skippable frames (allowed anywhere, the first place included) are
 * passed over; the rest goes on to `forward`, the decoder.
 */
class ZstdFrames {
  /** The header or block header being gathered, and how many bytes it needs. */
  private pending = Buffer.alloc(0)
  private need = 5
  private state: 'frame' | 'skippable' | 'block' = 'frame'
  /** Bytes to pass on unread: block contents, a checksum, or a skippable frame (dropped). */
  private skip = 0
  private skipping = false
  private checksum = false

  constructor(private readonly forward: (bytes: Buffer) => void) {}

  /** What this write passes on, handed over as one buffer when the chunk is read. */
  private out: Buffer[] = []

  write(chunk: Buffer): void {
    this.out = []
    this.walk(chunk)
    if (this.out.length > 0) this.forward(Buffer.concat(this.out))
  }

  private walk(chunk: Buffer): void {
    let at = 0
    while (at < chunk.length) {
      if (this.skip > 0) {
        const passed = Math.min(this.skip, chunk.length - at)
        if (!this.skipping) this.out.push(chunk.subarray(at, at + passed))
        this.skip -= passed
        at += passed
        continue
      }
      const taken = Math.min(this.need - this.pending.length, chunk.length - at)
      this.pending = Buffer.concat([this.pending, chunk.subarray(at, at + taken)])
      at += taken
      if (this.pending.length === this.need) this.parse()
    }
  }

  private parse(): void {
    const header = this.pending
    if (this.state === 'frame') {
      const magic = header.readUInt32LE(0)
      // Its size follows the magic: keep what is gathered.
      if ((magic & 0xfffffff0) === SKIPPABLE) return this.expect('skippable', 8, true)
      if (magic !== 0xfd2fb528) throw new Error('its zstd stream holds a frame that is not zstd')
      const { length } = frameHeader(header[4])
      if (header.length < length) return this.expect('frame', length, true)
      checkZstdFrame(header)
      this.out.push(header)
      this.checksum = ((header[4] >> 2) & 1) === 1
      return this.expect('block', 3)
    }
    if (this.state === 'skippable') {
      this.skip = header.readUInt32LE(4)
      this.skipping = true
      return this.expect('frame', 5)
    }
    this.out.push(header)
    this.skipping = false
    const block = header[0] | (header[1] << 8) | (header[2] << 16)
    const type = (block >> 1) & 3
    this.skip = type === 1 ? 1 : block >>> 3
    if ((block & 1) === 0) return this.expect('block', 3)
    this.skip += this.checksum ? 4 : 0
    this.expect('frame', 5)
  }

  /** What comes next: `bytes` of a `state` header, the ones gathered so far kept or not. */
  private expect(state: ZstdFrames['state'], bytes: number, keep = false): void {
    if (!keep) this.pending = Buffer.alloc(0)
    this.state = state
    this.need = bytes
  }
}

/**
 * A zstd layer (as containerd and BuildKit can push them): its own size is the
 * compressed size. Decompressed as it comes, on this thread: Node 20 has no zstd.
 */
class ZstdInput implements LayerInput {
  readonly exact = true
  private readonly zstd: Decompress
  private tarBytes = 0
  private compressedBytes = 0
  // Every frame header is checked before the decoder allocates what it declares. The
  // frames hand over a buffer of their own (fzstd keeps the end of one that does not
  // finish a block), once a chunk.
  private readonly frames = new ZstdFrames(bytes => this.zstd.push(bytes))

  constructor(reader: TarBytes) {
    this.zstd = new Decompress(out => {
      this.tarBytes += out.length
      reader.write(Buffer.from(out.buffer, out.byteOffset, out.length))
    })
  }

  write(chunk: Buffer): void {
    this.frames.write(chunk)
    this.compressedBytes += chunk.length
  }

  ready(): Promise<void> {
    return Promise.resolve()
  }

  async end(): Promise<BlobSizes> {
    this.zstd.push(new Uint8Array(0), true)
    return { tarBytes: this.tarBytes, compressedBytes: this.compressedBytes }
  }
}

/** The input for a blob by its first bytes: gzip, zstd, or a plain tar. */
export function layerInput(first: Buffer, reader: TarBytes): LayerInput {
  if (startsWith(first, GZIP_MAGIC)) return new GzipInput(reader)
  const skippable = first.length >= 4 && (first.readUInt32LE(0) & 0xfffffff0) === SKIPPABLE
  if (startsWith(first, ZSTD_MAGIC) || skippable) return new ZstdInput(reader)
  return new PlainInput(reader)
}
