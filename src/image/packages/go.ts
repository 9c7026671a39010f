import type { PackageName } from './types.js'

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46])
const BUILD_INFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1')
const HEADER_BYTES = 32
const ALIGN = 16
/** Go's own reader looks this far into the data segment for the build info (debug/buildinfo). */
const DATA_WINDOW = 64 * 1024
/** ELF and program headers lie at the file's start; beyond this the file is no plain executable. */
const PROGRAM_HEADERS_LIMIT = 16 * 1024
const FLAG_INLINE_STRINGS = 0x2
const PT_LOAD = 1
const PF_X = 1
const PF_W = 2
/** Module info is framed by 16 bytes either side (runtime/debug's sentinels). */
const MODINFO_FRAME = 16

/** A Go binary's version and module list, as `go version -m` prints them. */
export interface GoBuildInfo {
  goVersion: string
  main: PackageName
  modules: PackageName[]
}

/**
 * Finds a Go binary's build info as the file streams past, holding only its
 * headers and a window of its data segment: where Go's own reader looks (the
 * start of the first writable, non-executable PT_LOAD segment, 64 KiB).
 * Any other file is let go after its first bytes.
 */
export class GoBuildInfoScanner {
  private head: Buffer[] = []
  private headBytes = 0
  /** Where the window lies in the file, once the headers have said. */
  private window: { start: number; chunks: Buffer[]; filled: number } | undefined
  private offset = 0
  private done = false

  write(data: Buffer): void {
    if (this.done) return
    const start = this.offset
    this.offset += data.length
    if (!this.window) {
      this.head.push(Buffer.from(data))
      this.headBytes += data.length
      this.findWindow()
      if (!this.window) return
    }
    this.fillWindow(data, start)
  }

  /** The build info, once the whole file (or the window) has passed; undefined for other files. */
  result(): GoBuildInfo | undefined {
    const window = this.window
    if (!window || window.filled === 0) return undefined
    return parseBuildInfo(Buffer.concat(window.chunks), window.start)
  }

  private findWindow(): void {
    const head = Buffer.concat(this.head)
    this.head = [head]
    const start = dataSegmentStart(head)
    if (start === 'more' && this.headBytes < PROGRAM_HEADERS_LIMIT) return
    this.head = []
    if (typeof start !== 'number') {
      this.done = true
      return
    }
    this.window = { start, chunks: [], filled: 0 }
    // The bytes already seen may reach into the window.
    this.fillWindow(head, 0)
  }

  private fillWindow(data: Buffer, dataStart: number): void {
    const window = this.window as NonNullable<GoBuildInfoScanner['window']>
    const from = Math.max(window.start + window.filled, dataStart)
    const to = Math.min(window.start + DATA_WINDOW, dataStart + data.length)
    if (to <= from) return
    window.chunks.push(Buffer.from(data.subarray(from - dataStart, to - dataStart)))
    window.filled += to - from
    if (window.filled >= DATA_WINDOW) this.done = true
  }
}

/** The file offset of an ELF's first writable, non-executable load segment; 'more' while its headers are still to come. */
function dataSegmentStart(head: Buffer): number | 'more' | undefined {
  if (head.length < 64) return 'more'
  if (!head.subarray(0, 4).equals(ELF_MAGIC)) return undefined
  const wide = head[4] === 2
  const little = head[5] === 1
  const u16 = (at: number) => (little ? head.readUInt16LE(at) : head.readUInt16BE(at))
  const u32 = (at: number) => (little ? head.readUInt32LE(at) : head.readUInt32BE(at))
  const u64 = (at: number) => Number(little ? head.readBigUInt64LE(at) : head.readBigUInt64BE(at))
  const tableAt = wide ? u64(32) : u32(28)
  const entrySize = u16(wide ? 54 : 42)
  const count = u16(wide ? 56 : 44)
  const tableEnd = tableAt + entrySize * count
  if (tableEnd > PROGRAM_HEADERS_LIMIT || entrySize < (wide ? 56 : 32)) return undefined
  if (head.length < tableEnd) return 'more'
  for (let index = 0; index < count; index++) {
    const at = tableAt + index * entrySize
    const flags = wide ? u32(at + 4) : u32(at + 24)
    if (u32(at) === PT_LOAD && (flags & (PF_X | PF_W)) === PF_W)
      return wide ? u64(at + 8) : u32(at + 4)
  }
  return undefined
}

/** An unsigned LEB128 varint at `at`, and where it ends. */
function uvarint(data: Buffer, at: number): [number, number] | undefined {
  let value = 0
  for (let shift = 0, index = at; index < data.length && shift < 35; shift += 7, index++) {
    value += (data[index] & 0x7f) * 2 ** shift
    if ((data[index] & 0x80) === 0) return [value, index + 1]
  }
  return undefined
}

/** A varint-prefixed string at `at`, and where it ends. */
function lengthPrefixed(data: Buffer, at: number): [string, number] | undefined {
  const length = uvarint(data, at)
  if (!length || length[1] + length[0] > data.length) return undefined
  const end = length[1] + length[0]
  return [data.toString('utf8', length[1], end), end]
}

/**
 * The build info header at a 16-byte boundary, as Go's reader finds it: of the
 * address, which is the file offset's boundary too (a segment's address and
 * offset agree modulo its page size), not of the segment's start.
 */
function parseBuildInfo(window: Buffer, offset: number): GoBuildInfo | undefined {
  let at = window.indexOf(BUILD_INFO_MAGIC)
  while (at !== -1 && (offset + at) % ALIGN !== 0) at = window.indexOf(BUILD_INFO_MAGIC, at + 1)
  if (at === -1 || window.length - at < HEADER_BYTES) return undefined
  // Go before 1.18 points at its strings instead: a Go binary with no module list here.
  if ((window[at + 15] & FLAG_INLINE_STRINGS) === 0) return undefined
  const version = lengthPrefixed(window, at + HEADER_BYTES)
  const framed = version && lengthPrefixed(window, version[1])
  if (!version || !framed) return undefined
  const modinfo =
    framed[0].length >= 2 * MODINFO_FRAME + 1 &&
    framed[0][framed[0].length - MODINFO_FRAME - 1] === '\n'
      ? framed[0].slice(MODINFO_FRAME, -MODINFO_FRAME)
      : ''
  return { goVersion: version[0], ...parseModInfo(modinfo) }
}

/**
 * The module lines of Go's module info (`path`, `mod`, `dep`, and `=>` for a
 * replacement of the line before): a replaced module is named by its original
 * path, with the replacement's version where it has one.
 */
function parseModInfo(text: string): Pick<GoBuildInfo, 'main' | 'modules'> {
  let main: PackageName = { name: '', version: null }
  const modules: PackageName[] = []
  let last: PackageName | undefined
  for (const line of text.split('\n')) {
    const [kind, path = '', version = ''] = line.split('\t')
    if (kind === 'path' && !main.name) main = { name: path, version: null }
    else if (kind === 'mod') last = main = { name: path, version: knownVersion(version) }
    else if (kind === 'dep') modules.push((last = { name: path, version: knownVersion(version) }))
    else if (kind === '=>' && last) last.version = knownVersion(version) ?? last.version
  }
  return { main, modules }
}

/** `(devel)` and empty say no version. */
const knownVersion = (version: string): string | null =>
  version && version !== '(devel)' ? version : null
