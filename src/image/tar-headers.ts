/** One entry of a tar, as far as measuring needs it: never its contents. */
export interface TarHeader {
  name: string
  type: 'file' | 'directory' | 'symlink' | 'link' | 'other'
  size: number
  linkname: string
  /** Permission bits, set-id and sticky bits (the mode field less its file-type bits). */
  mode: number
  uid: number
  gid: number
}

const BLOCK = 512

/** Type flags '1' to '6' carry no data whatever their size field says (as Go's archive/tar reads them). */
const headerOnly = (flag: number): boolean => flag >= 0x31 && flag <= 0x36

/** A NUL-ended field. Nearly every name is ASCII, which decodes fastest as latin1. */
function text(block: Buffer, start: number, length: number): string {
  const limit = start + length
  let end = start
  let ascii = true
  for (; end < limit; end++) {
    const byte = block[end]
    if (byte === 0) break
    if (byte > 0x7f) ascii = false
  }
  return block.toString(ascii ? 'latin1' : 'utf8', start, end)
}

const ZERO = 0x30
const SEVEN = 0x37
const SPACE = 0x20

/**
 * A numeric field as Go's archive/tar (the engine's reader) and GNU tar read it:
 * base-256 when the first byte's high bit is set (its next bit the sign), else octal
 * digits between optional spaces and NULs. Anything else, or a value no number holds
 * exactly, is undefined: a header that no other reader accepts is no header.
 */
function numeric(block: Buffer, start: number, length: number): number | undefined {
  if (block[start] & 0x80) {
    // Two's complement: a negative value's bytes are the inverse of its magnitude less one.
    const invert = block[start] & 0x40 ? 0xff : 0
    let value = (block[start] ^ invert) & 0x7f
    for (let index = start + 1; index < start + length; index++)
      value = value * 256 + (block[index] ^ invert)
    if (!Number.isSafeInteger(value)) return undefined
    return invert ? -value - 1 : value
  }
  let at = start
  let end = start + length
  while (at < end && (block[at] === SPACE || block[at] === 0)) at++
  while (end > at && (block[end - 1] === SPACE || block[end - 1] === 0)) end--
  let value = 0
  for (let index = at; index < end; index++) {
    const byte = block[index]
    if (byte < ZERO || byte > SEVEN) return undefined
    value = value * 8 + byte - ZERO
  }
  return value
}

/** The numeric fields every header has, by name, offset and length. */
const NUMERIC_FIELDS: [string, number, number][] = [
  ['mode', 100, 8],
  ['uid', 108, 8],
  ['gid', 116, 8],
  ['size', 124, 12],
  ['mtime', 136, 12]
]
/** A ustar header's numeric fields: those, and its device numbers. */
const USTAR_NUMERIC_FIELDS: [string, number, number][] = [
  ...NUMERIC_FIELDS,
  ['devmajor', 329, 8],
  ['devminor', 337, 8]
]

/** The name of the first numeric field of a header that is not a number, if any. */
function badNumericField(buffer: Buffer, base: number): string | undefined {
  const fields = isUstar(buffer, base) ? USTAR_NUMERIC_FIELDS : NUMERIC_FIELDS
  return fields.find(([, at, length]) => numeric(buffer, base + at, length) === undefined)?.[0]
}

/** A header's checksum field against the sum of its bytes (the field itself as spaces). */
function validChecksum(buffer: Buffer, base: number): boolean {
  let sum = 8 * 0x20
  for (let index = 0; index < 148; index++) sum += buffer[base + index]
  for (let index = 156; index < BLOCK; index++) sum += buffer[base + index]
  return sum === numeric(buffer, base + 148, 8)
}

/** Whether a file's first 512 bytes are a tar header: what tells an archive from a report. */
export function isTarHeader(block: Buffer): boolean {
  return block.length >= BLOCK && !isZeros(block, 0) && validChecksum(block, 0)
}

const USTAR = [...Buffer.from('ustar', 'latin1')]
const USTAR_AT = 257

function isUstar(buffer: Buffer, base: number): boolean {
  for (let index = 0; index < USTAR.length; index++)
    if (buffer[base + USTAR_AT + index] !== USTAR[index]) return false
  return true
}

/** The end-of-archive marker: a block of zeros. */
function isZeros(buffer: Buffer, base: number): boolean {
  for (let index = base; index < base + BLOCK; index++) if (buffer[index] !== 0) return false
  return true
}

/** The name field, after the ustar prefix where there is one. */
function nameOf(buffer: Buffer, base: number): string {
  const name = text(buffer, base, 100)
  const prefix = isUstar(buffer, base) ? text(buffer, base + 345, 155) : ''
  return prefix ? `${prefix}/${name}` : name
}

function typeOf(flag: string): TarHeader['type'] {
  if (flag === '0' || flag === '\0' || flag === '7') return 'file'
  if (flag === '5') return 'directory'
  if (flag === '2') return 'symlink'
  if (flag === '1') return 'link'
  return 'other'
}

/** A pax or GNU long-name payload larger than this is no header (Go's archive/tar has the same cap). */
const SPECIAL_ENTRY_LIMIT = 1024 * 1024

/** A pax record's decimal length, which counts its own digits, the space, `key=value` and the newline. */
const DECIMAL = /^[1-9][0-9]*$/

/** Type flags a header may carry, as GNU tar and Go's archive/tar know them. */
const KNOWN_FLAGS = new Set([
  '0',
  '\0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  'x',
  'g',
  'L',
  'K',
  'D',
  'S',
  'M',
  'V',
  'N'
])

/** `len key=value\n` records of a pax extended header; a malformed record refuses the tar. */
function paxRecords(data: Buffer): Map<string, string> {
  const records = new Map<string, string>()
  let at = 0
  while (at < data.length) {
    // GNU tar pads the payload with NULs.
    if (data[at] === 0) break
    const space = data.indexOf(0x20, at)
    const digits = space === -1 ? '' : data.toString('latin1', at, space)
    const length = DECIMAL.test(digits) ? Number(digits) : NaN
    const end = at + length
    if (!(end > space + 1 && end <= data.length) || data[end - 1] !== 0x0a)
      throw new Error(`a pax record at byte ${at} of its header is malformed`)
    const record = data.toString('utf8', space + 1, end - 1)
    const equals = record.indexOf('=')
    if (equals < 1) throw new Error(`a pax record at byte ${at} of its header has no key=value`)
    records.set(record.slice(0, equals), record.slice(equals + 1))
    at = end
  }
  return records
}

/** A pax `size`, `uid` or `gid`: decimal digits only, within what a number holds exactly. */
function paxNumber(key: string, text: string): number {
  const value = /^[0-9]+$/.test(text) ? Number(text) : NaN
  if (!Number.isSafeInteger(value))
    throw new Error(
      `a pax ${key} of ${JSON.stringify(text.slice(0, 40))} is not a ${key === 'size' ? 'byte count' : 'number'}`
    )
  return value
}

/** A numeric field the header's pax records may override. */
function overridden(
  overrides: Overrides | undefined,
  key: string,
  buffer: Buffer,
  at: number,
  length: number
): number {
  const pax = overrides?.get(key)
  return pax === undefined ? (numeric(buffer, at, length) as number) : paxNumber(key, pax)
}

/** Where an entry's contents go, in slices as they stream past, when a caller wants them. */
export interface EntrySink {
  write(data: Buffer): void
  end(): void
}

/** Collects an entry's contents (one the caller knows to be small), then hands them over whole. */
export function collected(done: (contents: Buffer) => void): EntrySink {
  const chunks: Buffer[] = []
  return {
    // The reader hands out slices of a chunk it lets go of: keep a copy.
    write: data => chunks.push(Buffer.from(data)),
    end: () => done(Buffer.concat(chunks))
  }
}

/** The pax or GNU long-name overrides of the next entry, by pax key. */
type Overrides = Map<string, string>

/**
 * Reads a tar as it streams past, header by header, and hands an entry's contents
 * only to a sink the caller returns for it; the rest it passes over without
 * looking at them. Measuring a layer needs names, types and sizes only, and a
 * stream object per entry (what a general tar reader hands out) costs more than
 * the rest of the measurement on a layer of 100,000 small files. Handles ustar
 * prefixes, pax and GNU long names and links, and base-256 sizes; throws on a
 * first header whose checksum is wrong (the blob is no tar) or a truncated tar.
 */
export class TarReader {
  private readonly header = Buffer.alloc(BLOCK)
  private filled = 0
  /** Content bytes of the current entry still to come, and where they go. */
  private content = 0
  private sink: EntrySink | undefined
  /** Padding (or unwanted content) bytes still to pass over. */
  private skip = 0
  /** A pax or GNU long-name payload being read, and what it is. */
  private meta: { kind: string; data: Buffer; filled: number; padding: number } | undefined
  private overrides: Overrides | undefined
  private finished = false
  /** The last header was a block of zeros: the next must be one too, or the end. */
  private zeroBlock = false
  /** Headers read, and bytes of the tar before this chunk. */
  private headers = 0
  private consumed = 0

  constructor(private readonly onHeader: (header: TarHeader) => EntrySink | undefined) {}

  write(chunk: Buffer): void {
    let at = 0
    while (at < chunk.length && !this.finished) {
      if (this.content > 0) {
        const passed = Math.min(this.content, chunk.length - at)
        this.content -= passed
        this.sink?.write(chunk.subarray(at, at + passed))
        at += passed
        if (this.content === 0) this.endEntry()
      } else if (this.skip > 0) {
        const passed = Math.min(this.skip, chunk.length - at)
        this.skip -= passed
        at += passed
      } else if (this.meta) {
        at += this.readMeta(chunk, at)
      } else if (this.filled === 0 && at + BLOCK <= chunk.length) {
        // Most headers lie whole in a chunk: read them where they are.
        this.readHeader(chunk, at, this.consumed + at)
        at += BLOCK
      } else {
        const copied = chunk.copy(this.header, this.filled, at, at + BLOCK - this.filled)
        this.filled += copied
        at += copied
        if (this.filled === BLOCK) {
          this.filled = 0
          this.readHeader(this.header, 0, this.consumed + at - BLOCK)
        }
      }
    }
    this.consumed += chunk.length
  }

  end(): void {
    if (this.finished) return
    if (this.content > 0 || this.skip > 0 || this.meta || this.filled > 0)
      throw new Error('the tar ends in the middle of an entry')
    // Every tar writer ends with two: one alone is an entry grown into the first.
    if (this.zeroBlock)
      throw new Error('the tar ends with one block of zeros where its end takes two')
  }

  private endEntry(): void {
    const sink = this.sink
    this.sink = undefined
    sink?.end()
  }

  private readMeta(chunk: Buffer, at: number): number {
    const meta = this.meta as NonNullable<TarReader['meta']>
    const copied = chunk.copy(meta.data, meta.filled, at, at + meta.data.length - meta.filled)
    meta.filled += copied
    if (meta.filled === meta.data.length) {
      const overrides = (this.overrides ??= new Map())
      if (meta.kind === 'x')
        for (const [key, value] of paxRecords(meta.data)) overrides.set(key, value)
      // A global header's records are checked like any (a file's bytes are no records),
      // then left aside as Go's archive/tar leaves them: they name no entry.
      if (meta.kind === 'g') paxRecords(meta.data)
      if (meta.kind === 'L') overrides.set('path', text(meta.data, 0, meta.data.length))
      if (meta.kind === 'K') overrides.set('linkpath', text(meta.data, 0, meta.data.length))
      this.meta = undefined
      this.skip = meta.padding
    }
    return copied
  }

  /** `, "name"`: the entry a header names, for a message about it. */
  private entryName(buffer: Buffer, base: number): string {
    const name = this.overrides?.get('path') ?? nameOf(buffer, base)
    return name ? ` (${JSON.stringify(name.slice(0, 200))})` : ''
  }

  /** Reads the header at `base` of `buffer`, at `offset` of the tar. */
  private readHeader(buffer: Buffer, base: number, offset: number): void {
    const zeros = buffer[base] === 0 && isZeros(buffer, base)
    if (this.zeroBlock && !zeros)
      throw new Error(
        `the tar has a block of zeros at byte ${offset - BLOCK} in the middle of its entries`
      )
    if (zeros) {
      // The end-of-archive marker is two of them; what follows the second is padding.
      this.finished = this.zeroBlock
      this.zeroBlock = true
      return
    }
    // The first header tells a tar from any other blob; a later one that fails is a
    // corrupt tar, whose file contents would otherwise be read as entries.
    if (!validChecksum(buffer, base))
      throw new Error(
        this.headers === 0
          ? 'invalid tar header: the blob is not a tar'
          : `a tar header's checksum is wrong at byte ${offset}`
      )
    this.headers++
    const flag = String.fromCharCode(buffer[base + 156])
    const bad = badNumericField(buffer, base)
    if (bad)
      throw new Error(
        `the tar header at byte ${offset}${this.entryName(buffer, base)} has a ${bad} field that is not a number`
      )
    if (!KNOWN_FLAGS.has(flag))
      throw new Error(
        `the tar header at byte ${offset}${this.entryName(buffer, base)} has an unknown type ${JSON.stringify(flag)}`
      )
    const size = numeric(buffer, base + 124, 12) as number
    if (size < 0)
      throw new Error(
        `the tar header at byte ${offset}${this.entryName(buffer, base)} has a negative size`
      )
    if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
      if (size > SPECIAL_ENTRY_LIMIT)
        throw new Error(
          `a ${flag === 'x' || flag === 'g' ? 'pax' : 'long-name'} header of ${size} bytes at byte ${offset} is over the ${SPECIAL_ENTRY_LIMIT / 1024 / 1024} MiB a header may take`
        )
      const padded = Math.ceil(size / BLOCK) * BLOCK
      this.meta = { kind: flag, data: Buffer.alloc(size), filled: 0, padding: padded - size }
      if (size === 0) this.readMeta(Buffer.alloc(0), 0)
      return
    }
    this.emit(buffer, base, flag, size)
  }

  /** Hands an entry's header over, and sets up its contents to be passed on or over. */
  private emit(buffer: Buffer, base: number, flag: string, headerSize: number): void {
    const overrides = this.overrides
    this.overrides = undefined
    const name = overrides?.get('path') ?? nameOf(buffer, base)
    const pax = overrides?.get('size')
    const size = headerOnly(buffer[base + 156]) ? 0 : pax ? paxNumber('size', pax) : headerSize
    const isLink = flag === '1' || flag === '2'
    const linkname = overrides?.get('linkpath') ?? (isLink ? text(buffer, base + 157, 100) : '')
    const sink = this.onHeader({
      name,
      type: typeOf(flag),
      size,
      linkname,
      // Only the permission, set-id and sticky bits: some writers add the file type's.
      mode: (numeric(buffer, base + 100, 8) as number) & 0o7777,
      uid: overridden(overrides, 'uid', buffer, base + 108, 8),
      gid: overridden(overrides, 'gid', buffer, base + 116, 8)
    })
    const padding = Math.ceil(size / BLOCK) * BLOCK - size
    if (sink) {
      this.sink = sink
      this.content = size
      this.skip = padding
      if (size === 0) this.endEntry()
    } else this.skip = size + padding
  }
}
