import { constants, inflateRawSync } from 'node:zlib'
import type { JarPackage, PackageName } from './types.js'

const LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04])
const LOCAL_HEADER_BYTES = 30
const POM_PROPERTIES = /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/
const NESTED_JAR = /\.jar$/
const STORED = 0
const DEFLATED = 8
/** Bit 3: sizes follow the data, not in the header. */
const SIZES_AFTER = 0x8
/** A pom.properties is a few hundred bytes; one of unknown size is read this far. */
const POM_LIMIT = 64 * 1024
/** Names of the entries looked for are short; a longer one is passed over unread. */
const NAME_LIMIT = 1024
/** pom.properties read per jar, and at once: a jar of endless entries costs bounded time and memory. */
const POMS_LIMIT = 1024
const CAPTURES_AT_ONCE = 8
/** Nested jars kept per jar. */
const NESTED_LIMIT = 10_000

interface Capture {
  /** Where the pom.properties entry's header starts in the jar, which places it in a nested jar. */
  at: number
  start: number
  size: number
  method: number
  chunks: Buffer[]
  filled: number
}

/**
 * Finds the Maven names of a jar and of the jars nested in it (stored, as Spring
 * Boot's `BOOT-INF/lib` and a war's `WEB-INF/lib` keep them) as the jar streams
 * past: every zip local header is looked for by its signature, so headers of
 * nested jars are met too, and only `pom.properties` entries are kept.
 */
export class JarScanner {
  private offset = 0
  /** Bytes of a header that a chunk cut in two (at most a header's 30 bytes and a name of NAME_LIMIT). */
  private carry: Buffer = Buffer.alloc(0)
  private readonly captures: Capture[] = []
  private readonly poms: { at: number; coordinates: Record<string, string> }[] = []
  private readonly nested: { entry: string; start: number; size: number }[] = []
  /** pom.properties entries read so far, whether they could be read or not. */
  private pomsSeen = 0

  write(chunk: Buffer): void {
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk
    const base = this.offset - this.carry.length
    this.offset += chunk.length
    this.carry = Buffer.from(this.scan(data, base))
    for (const capture of this.captures) this.fill(capture, data, base)
    this.settleCaptures(false)
  }

  /** The jar's packages once its last byte has passed: the outer jar first. */
  result(path: string, fileBytes: number): JarPackage[] {
    this.settleCaptures(true)
    const nested = this.nested.map(jar => ({
      entry: jar.entry,
      bytes: jar.size,
      ...this.nameOf(jar.entry, pom => pom.at >= jar.start && pom.at < jar.start + jar.size)
    }))
    const own = (at: number) =>
      !this.nested.some(jar => at >= jar.start && at < jar.start + jar.size)
    const nestedBytes = nested.reduce((sum, jar) => sum + jar.bytes, 0)
    return [
      {
        entry: '',
        bytes: Math.max(0, fileBytes - nestedBytes),
        ...this.nameOf(path, pom => own(pom.at))
      },
      ...nested
    ]
  }

  /** Reads every local header wholly in `data`; returns the bytes from a header cut short. */
  private scan(data: Buffer, base: number): Buffer {
    let at = data.indexOf(LOCAL_HEADER)
    while (at !== -1) {
      if (data.length - at < LOCAL_HEADER_BYTES) return data.subarray(at)
      const nameLength = data.readUInt16LE(at + 26)
      const extraLength = data.readUInt16LE(at + 28)
      const end = at + LOCAL_HEADER_BYTES + nameLength
      if (nameLength <= NAME_LIMIT) {
        if (end > data.length) return data.subarray(at)
        this.header(data, at, base, end + extraLength)
      }
      at = data.indexOf(LOCAL_HEADER, at + 1)
    }
    // A signature may start in the last three bytes.
    return data.subarray(Math.max(0, data.length - (LOCAL_HEADER.length - 1)))
  }

  private header(data: Buffer, at: number, base: number, dataStart: number): void {
    const name = data.toString(
      'utf8',
      at + LOCAL_HEADER_BYTES,
      at + LOCAL_HEADER_BYTES + data.readUInt16LE(at + 26)
    )
    const flags = data.readUInt16LE(at + 6)
    const method = data.readUInt16LE(at + 8)
    const size = data.readUInt32LE(at + 18)
    const start = base + dataStart
    this.endCapturesAt(base + at)
    if (POM_PROPERTIES.test(name) && (method === STORED || method === DEFLATED)) {
      const known = (flags & SIZES_AFTER) === 0
      if (known && size > POM_LIMIT) return
      if (this.pomsSeen >= POMS_LIMIT || this.captures.length >= CAPTURES_AT_ONCE) return
      this.pomsSeen++
      const capture = {
        at: base + at,
        start,
        size: known ? size : POM_LIMIT,
        method,
        chunks: [],
        filled: 0
      }
      this.captures.push(capture)
      // Most entries lie whole in the chunk their header is in: read there and then.
      this.fill(capture, data, base)
      this.settleCaptures(false)
    } else if (
      NESTED_JAR.test(name) &&
      method === STORED &&
      (flags & SIZES_AFTER) === 0 &&
      size > 0 &&
      this.nested.length < NESTED_LIMIT
    )
      this.nested.push({ entry: name, start, size })
  }

  /** An entry of unknown size ends where the next header starts: its captures are whole there. */
  private endCapturesAt(offset: number): void {
    for (const capture of this.captures)
      if (capture.start < offset)
        capture.size = Math.min(capture.size, Math.max(capture.filled, offset - capture.start))
    this.settleCaptures(false)
  }

  private fill(capture: Capture, data: Buffer, base: number): void {
    const from = Math.max(capture.start + capture.filled, base)
    const to = Math.min(capture.start + capture.size, base + data.length)
    if (to <= from) return
    capture.chunks.push(Buffer.from(data.subarray(from - base, to - base)))
    capture.filled += to - from
  }

  /** Reads the captures that are whole (all of them at the jar's end). */
  private settleCaptures(all: boolean): void {
    for (let index = this.captures.length - 1; index >= 0; index--) {
      const capture = this.captures[index]
      if (!all && capture.filled < capture.size) continue
      this.captures.splice(index, 1)
      const coordinates = pomCoordinates(capture)
      if (coordinates) this.poms.push({ at: capture.at, coordinates })
    }
  }

  /** A jar's name: its one pom.properties, or the one named like the file, or else the file name. */
  private nameOf(file: string, inJar: (pom: { at: number }) => boolean): PackageName {
    const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.jar$/, '')
    const poms = this.poms.filter(inJar).map(pom => pom.coordinates)
    const pom =
      poms.length === 1
        ? poms[0]
        : poms.find(each => base.startsWith(`${each.artifactId}-`) || base === each.artifactId)
    if (pom) return { name: `${pom.groupId}:${pom.artifactId}`, version: pom.version || null }
    const versioned = /^(.+?)-(\d[\w.+-]*)$/.exec(base)
    return versioned ? { name: versioned[1], version: versioned[2] } : { name: base, version: null }
  }
}

/** groupId, artifactId and version of a pom.properties entry; undefined when unreadable. */
function pomCoordinates(capture: Capture): Record<string, string> | undefined {
  const raw = Buffer.concat(capture.chunks)
  let text: string
  try {
    // Past the entry's end (sizes unknown) lie other bytes: the stream ends before them.
    text = (
      capture.method === DEFLATED
        ? inflateRawSync(raw, { finishFlush: constants.Z_SYNC_FLUSH })
        : raw
    ).toString('utf8')
  } catch {
    return undefined
  }
  const properties: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(groupId|artifactId|version)\s*[=:]\s*(.*?)\s*$/.exec(line)
    if (match) properties[match[1]] = match[2]
  }
  return properties.groupId && properties.artifactId ? properties : undefined
}
