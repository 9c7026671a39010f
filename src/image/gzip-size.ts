import { once } from 'node:events'
import { availableParallelism } from 'node:os'
import { createDeflateRaw } from 'node:zlib'

/** Blocks compressed apart: large enough that priming each costs nothing measurable. */
const BLOCK = 1024 * 1024
/** deflate looks back this far: each block is primed with the bytes before it. */
const WINDOW = 32 * 1024
const EMPTY = Buffer.alloc(0)
/**
 * deflate's output buffer: a block of text or tar headers compresses into one, so
 * each block makes one trip to the thread pool instead of one per 16 KiB (the
 * default), without holding a block-sized buffer per block in flight.
 */
const OUTPUT_CHUNK = 128 * 1024
/** The gzip header (10 bytes) and trailer (CRC and length, 8). */
const GZIP_FRAME = 18

/** Compressed bytes of one block at level 6, counted as they come out, never held. */
async function deflatedSize(block: Buffer, dictionary: Buffer | undefined): Promise<number> {
  const deflate = createDeflateRaw({
    level: 6,
    chunkSize: OUTPUT_CHUNK,
    ...(dictionary ? { dictionary } : {})
  })
  let bytes = 0
  deflate.on('data', (out: Buffer) => (bytes += out.length))
  deflate.end(block)
  await once(deflate, 'end')
  return bytes
}

/**
 * The size `gzip -6` makes of a stream, without one thread doing all of it: the
 * stream is cut into blocks compressed on the thread pool side by side, each
 * primed with the 32 KiB before it, as pigz does, which makes nearly the bytes a
 * single stream would. Writing never waits; the writer waits on ready() between
 * chunks, so memory stays at a few blocks per core whatever the stream's size.
 */
export class GzipSizer {
  private readonly free: Buffer[] = []
  private readonly inFlight = new Set<Promise<void>>()
  private block: Buffer
  private filled = 0
  private blocks = 0
  private window: Buffer | undefined
  private bytes = GZIP_FRAME

  constructor(private readonly limit = availableParallelism() + 1) {
    this.block = Buffer.allocUnsafe(BLOCK)
  }

  write(chunk: Buffer): void {
    for (let at = 0; at < chunk.length;) {
      const copied = chunk.copy(this.block, this.filled, at)
      this.filled += copied
      at += copied
      if (this.filled === BLOCK) this.dispatch()
    }
  }

  /** Resolves once fewer blocks than the limit are being compressed. */
  async ready(): Promise<void> {
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight)
  }

  /** Compresses what is left and answers the whole stream's gzip size. */
  async end(): Promise<number> {
    if (this.filled > 0 || this.blocks === 0) this.dispatch()
    await Promise.all(this.inFlight)
    // The blocks go with the stream: a sizer kept after its end holds no memory.
    this.free.length = 0
    this.block = EMPTY
    return this.bytes
  }

  private dispatch(): void {
    this.blocks += 1
    const block = this.block
    const data = block.subarray(0, this.filled)
    const dictionary = this.window
    this.window = Buffer.from(data.subarray(Math.max(0, data.length - WINDOW)))
    const job: Promise<void> = deflatedSize(data, dictionary).then(size => {
      this.bytes += size
      this.free.push(block)
      this.inFlight.delete(job)
    })
    this.inFlight.add(job)
    this.block = this.free.pop() ?? Buffer.allocUnsafe(BLOCK)
    this.filled = 0
  }
}
