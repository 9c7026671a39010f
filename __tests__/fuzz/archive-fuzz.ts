// The archive reader against generated and mutated archives, in a process of its
// own so that its peak memory is its own and a hang is ended from outside.
// Prints one JSON line: cases run, refusals, and every wrong result or raw error.
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import * as tar from 'tar-stream'
import { readImageArchive } from '../../src/image/archive.js'
import { measureArchive } from '../../src/image/measure.js'

/** One entry a layer tar holds. */
type Entry =
  | { kind: 'file'; path: string; bytes: number }
  | { kind: 'symlink'; path: string; target: string }
  | { kind: 'dir'; path: string }
  | { kind: 'whiteout'; path: string }
  | { kind: 'opaque'; dir: string }

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex')

async function tarOf(entries: Entry[]): Promise<Buffer> {
  const pack = tar.pack()
  for (const entry of entries) {
    if (entry.kind === 'file') pack.entry({ name: entry.path }, Buffer.alloc(entry.bytes, 0x61))
    else if (entry.kind === 'symlink')
      pack.entry({ name: entry.path, type: 'symlink', linkname: entry.target })
    else if (entry.kind === 'dir') pack.entry({ name: `${entry.path}/`, type: 'directory' })
    else if (entry.kind === 'whiteout') {
      const slash = entry.path.lastIndexOf('/')
      pack.entry(
        { name: `${entry.path.slice(0, slash + 1)}.wh.${entry.path.slice(slash + 1)}` },
        Buffer.alloc(0)
      )
    } else pack.entry({ name: `${entry.dir}/.wh..wh..opq` }, Buffer.alloc(0))
  }
  pack.finalize()
  const chunks: Buffer[] = []
  for await (const chunk of pack as unknown as AsyncIterable<Buffer>) chunks.push(chunk)
  return Buffer.concat(chunks)
}

/** An archive of these layers, each gzipped or not: as docker save writes it, or an OCI layout. */
async function archiveOf(layers: Entry[][], gzipped: boolean[], oci: boolean): Promise<Buffer> {
  const tars = await Promise.all(layers.map(tarOf))
  const blobs = tars.map((layer, index) => (gzipped[index] ? gzipSync(layer) : layer))
  const config = Buffer.from(
    JSON.stringify({
      os: 'linux',
      architecture: 'amd64',
      rootfs: { type: 'layers', diff_ids: tars.map(layer => `sha256:${sha(layer)}`) },
      history: tars.map((_, index) => ({ created_by: `COPY layer${index} /` }))
    })
  )
  const name = (blob: Buffer) => `blobs/sha256/${sha(blob)}`
  const descriptor = (blob: Buffer) => ({ digest: `sha256:${sha(blob)}`, size: blob.length })
  const manifest = oci
    ? Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          config: descriptor(config),
          layers: blobs.map(descriptor)
        })
      )
    : Buffer.from(
        JSON.stringify([{ Config: name(config), RepoTags: ['fuzz:1'], Layers: blobs.map(name) }])
      )
  const pack = tar.pack()
  for (const blob of [...blobs, config]) pack.entry({ name: name(blob) }, blob)
  if (oci) {
    pack.entry({ name: name(manifest) }, manifest)
    pack.entry(
      { name: 'index.json' },
      Buffer.from(JSON.stringify({ manifests: [descriptor(manifest)] }))
    )
  } else pack.entry({ name: 'manifest.json' }, manifest)
  pack.finalize()
  const chunks: Buffer[] = []
  for await (const chunk of pack as unknown as AsyncIterable<Buffer>) chunks.push(chunk)
  return Buffer.concat(chunks)
}

/** What the image holds, applied layer by layer as the engine applies them. */
interface Truth {
  files: Map<string, { bytes: number; layer: number }>
  contentBytes: number[]
}

function truthOf(layers: Entry[][]): Truth {
  const files = new Map<string, { bytes: number; layer: number }>()
  const under = (folder: string) => [...files.keys()].filter(path => path.startsWith(`${folder}/`))
  const contentBytes: number[] = []
  for (const [layer, entries] of layers.entries()) {
    for (const entry of entries) {
      if (entry.kind === 'whiteout')
        for (const path of [entry.path, ...under(entry.path)]) files.delete(path)
      if (entry.kind === 'opaque') for (const path of under(entry.dir)) files.delete(path)
    }
    let bytes = 0
    for (const entry of entries) {
      if (entry.kind === 'file') {
        files.set(entry.path, { bytes: entry.bytes, layer })
        bytes += entry.bytes
      } else if (entry.kind === 'symlink') {
        files.set(entry.path, { bytes: Buffer.byteLength(entry.target), layer })
        bytes += Buffer.byteLength(entry.target)
      }
    }
    contentBytes.push(bytes)
  }
  return { files, contentBytes }
}

/** Folders d0…d3 nest up to three deep; files f0…f5 and links l0…l2 sit in them. */
const folderPath = fc
  .array(fc.constantFrom('d0', 'd1', 'd2', 'd3'), { minLength: 1, maxLength: 3 })
  .map(parts => parts.join('/'))
const leafPath = (prefix: string, count: number) =>
  fc.tuple(folderPath, fc.nat(count - 1)).map(([folder, index]) => `${folder}/${prefix}${index}`)

const entry: fc.Arbitrary<Entry> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('file' as const),
      path: leafPath('f', 6),
      bytes: fc.nat(3000)
    })
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('symlink' as const),
      path: leafPath('l', 3),
      target: fc.string({ maxLength: 20 })
    })
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dir' as const), path: folderPath }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('whiteout' as const),
      path: fc.oneof(folderPath, leafPath('f', 6))
    })
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('opaque' as const), dir: folderPath }) }
)

/** A layer: entries with distinct paths; a file never where a link or a folder is. */
const layer = fc
  .uniqueArray(entry, {
    maxLength: 12,
    selector: item => (item.kind === 'opaque' ? `${item.dir}/.wh..wh..opq` : item.path)
  })
  .filter(entries => {
    const dirs = new Set(
      entries.filter(item => item.kind === 'dir').map(item => (item as { path: string }).path)
    )
    // Whiteouts and an opaque marker delete what lower layers had, not what this one adds.
    return !entries.some(
      item => item.kind !== 'dir' && item.kind !== 'opaque' && dirs.has(item.path)
    )
  })
const image = fc.record({
  layers: fc.array(layer, { minLength: 1, maxLength: 4 }),
  gzipped: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  oci: fc.boolean()
})

/** What a case came to. */
const outcome = { cases: 0, refusals: 0, problems: [] as string[] }

/** A refusal is clean when it is one line in words about the input, not JavaScript's. */
const INTERNAL =
  /is not a function|Cannot read propert|of undefined|of null|out of bounds|call stack|Unexpected token|in JSON at position|is not iterable/

function refused(error: unknown, what: string): void {
  outcome.refusals++
  const err = error as Error
  if (err.constructor !== Error || INTERNAL.test(err.message) || err.message.includes('\n'))
    outcome.problems.push(`${what}: ${err.name}: ${err.message.split('\n')[0]}`)
}

async function* once(buffer: Buffer): AsyncIterable<Buffer> {
  for (let at = 0; at < buffer.length; at += 4096) yield buffer.subarray(at, at + 4096)
}

/** The measured image against the truth: the files left, and each layer's bytes. */
function wrongness(truth: Truth, measured: ReturnType<typeof measureArchive>): string | undefined {
  const contents = measured.layers.map(item => item.uncompressedBytes)
  if (JSON.stringify(contents) !== JSON.stringify(truth.contentBytes))
    return `layer bytes ${JSON.stringify(contents)}, expected ${JSON.stringify(truth.contentBytes)}`
  if (measured.files.fileCount !== truth.files.size)
    return `${measured.files.fileCount} files, expected ${truth.files.size}`
  for (const file of measured.files.largestFiles) {
    const known = truth.files.get(file.path)
    if (!known || known.bytes !== file.bytes || known.layer !== file.layer)
      return `file ${file.path} ${file.bytes} B in layer ${file.layer}, expected ${JSON.stringify(known)}`
  }
  return undefined
}

async function measure(buffer: Buffer) {
  return measureArchive(await readImageArchive(once(buffer)), [])
}

/** Generated images: each must measure as its truth. */
async function truths(runs: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(image, async ({ layers, gzipped, oci }) => {
      outcome.cases++
      const wrong = wrongness(truthOf(layers), await measure(await archiveOf(layers, gzipped, oci)))
      if (wrong) outcome.problems.push(`generated: ${wrong}: ${JSON.stringify(layers)}`)
    }),
    { numRuns: runs, seed: 42 }
  )
}

/** How a header is rewritten: its type flag, its size grown by a block or made no number, a mode of junk, a size in base-256. */
const HEADER_CHANGES = ['type', 'grow', 'size', 'mode', 'base256'] as const
type HeaderChange = (typeof HEADER_CHANGES)[number]

/** A mutation of an archive: bytes flipped, cut short, a stretch repeated, or a header rewritten. */
const mutation = fc.oneof(
  // Bytes of a 512-byte block, where tar headers are: names, sizes, types, checksums.
  fc.record({
    kind: fc.constant('block' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }),
    length: fc.nat(511)
  }),
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 4 })
  }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  // A tar header's field rewritten and its checksum made right again: what a
  // careless writer makes, and what only a strict reader refuses.
  fc.record({
    kind: fc.constant('header' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    field: fc.constantFrom(...HEADER_CHANGES),
    byte: fc.nat(255)
  }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.integer({ min: 1, max: 2048 })
  })
)

interface Change {
  kind: 'flip' | 'block' | 'cut' | 'repeat' | 'header'
  /** Where, as a fraction of the archive's length (of its headers, for `header`). */
  at: number
  bytes?: Uint8Array
  length?: number
  field?: HeaderChange
  byte?: number
}

/** Offsets of the blocks that are tar headers (their checksum right), outer and inner alike. */
function headerOffsets(buffer: Buffer): number[] {
  const offsets: number[] = []
  for (let at = 0; at + 512 <= buffer.length; at += 512) {
    let sum = 8 * 0x20
    for (let index = 0; index < 512; index++)
      if (index < 148 || index >= 156) sum += buffer[at + index]
    const field = buffer.toString('latin1', at + 148, at + 156).replace(/[\0 ]+/g, '')
    if (sum > 8 * 0x20 && field !== '' && parseInt(field, 8) === sum) offsets.push(at)
  }
  return offsets
}

/** One header rewritten as `change` says, its checksum made right. */
function rewriteHeader(buffer: Buffer, change: Change): Buffer {
  const offsets = headerOffsets(buffer)
  if (offsets.length === 0) return buffer
  const at = offsets[Math.min(offsets.length - 1, Math.floor(change.at * offsets.length))]
  const copy = Buffer.from(buffer)
  const byte = change.byte ?? 0
  const size = parseInt(copy.toString('latin1', at + 124, at + 136).replace(/[\0 ]+/g, ''), 8) || 0
  if (change.field === 'type') copy[at + 156] = byte
  if (change.field === 'grow')
    copy.write(`${(size + 512).toString(8).padStart(11, '0')}\0`, at + 124, 'latin1')
  if (change.field === 'size') copy[at + 124 + (byte % 11)] = byte
  if (change.field === 'mode') copy[at + 100 + (byte % 7)] = byte
  if (change.field === 'base256') copy[at + 124] = 0x80 | byte
  copy.fill(0x20, at + 148, at + 156)
  let sum = 0
  for (let index = 0; index < 512; index++) sum += copy[at + index]
  copy.write(`${sum.toString(8).padStart(6, '0')}\0 `, at + 148, 'latin1')
  return copy
}

function mutate(buffer: Buffer, change: Change): Buffer {
  if (change.kind === 'header') return rewriteHeader(buffer, change)
  const at =
    change.kind === 'block'
      ? Math.floor((change.at * buffer.length) / 512) * 512 + (change.length ?? 0)
      : Math.floor(change.at * buffer.length)
  if (change.kind === 'cut') return buffer.subarray(0, at)
  if (change.kind === 'repeat')
    return Buffer.concat([
      buffer.subarray(0, at),
      buffer.subarray(at, at + (change.length ?? 1)),
      buffer.subarray(at)
    ])
  const copy = Buffer.from(buffer)
  for (const [index, byte] of (change.bytes ?? new Uint8Array()).entries())
    if (at + index < copy.length) copy[at + index] ^= byte || 1
  return copy
}

/** Mutated images: the truth, or a clean refusal. */
async function mutations(runs: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(image, mutation, async ({ layers, gzipped, oci }, change) => {
      outcome.cases++
      const mutated = mutate(await archiveOf(layers, gzipped, oci), change)
      let measured
      try {
        measured = await measure(mutated)
      } catch (error) {
        return refused(error, `mutated (${change.kind})`)
      }
      const wrong = wrongness(truthOf(layers), measured)
      // A mutation may land where it changes nothing measured: the truth it must be.
      if (wrong) outcome.problems.push(`mutated (${change.kind} at ${change.at}): ${wrong}`)
    }),
    { numRuns: runs, seed: 7 }
  )
}

const [truthRuns, mutationRuns] = process.argv.slice(2).map(Number)
await truths(truthRuns)
await mutations(mutationRuns)
console.log(
  JSON.stringify({ ...outcome, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })
)
