import { constants, inflateRawSync } from 'node:zlib'
import type { JarPackage, PackageName } from './types.js'

const LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04])
const LOCAL_HEADER_BYTES = 30
/** The entries that name a jar, by kind: Maven's pom.properties and pom.xml, the jar manifest. */
type DocumentKind = 'properties' | 'pom' | 'manifest'
const DOCUMENTS: [RegExp, DocumentKind][] = [
  [/^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/, 'properties'],
  [/^META-INF\/maven\/[^/]+\/[^/]+\/pom\.xml$/, 'pom'],
  [/^META-INF\/MANIFEST\.MF$/i, 'manifest']
]
const documentKind = (name: string): DocumentKind | undefined =>
  DOCUMENTS.find(([pattern]) => pattern.test(name))?.[1]
const NESTED_JAR = /\.jar$/
const STORED = 0
const DEFLATED = 8
/** Bit 3: sizes follow the data, not in the header. */
const SIZES_AFTER = 0x8
/** A pom.properties or a manifest is a few hundred bytes, a pom.xml a few kB; one of unknown size is read this far. */
const POM_LIMIT = 64 * 1024
/** Names of the entries looked for are short; a longer one is passed over unread. */
const NAME_LIMIT = 1024
/** Naming documents read per jar, and at once: a jar of endless entries costs bounded time and memory. */
const POMS_LIMIT = 1024
const CAPTURES_AT_ONCE = 8
/** Nested jars kept per jar. */
const NESTED_LIMIT = 10_000

interface Capture {
  kind: DocumentKind
  /** Where the entry's header starts in the jar, which places it in a nested jar. */
  at: number
  start: number
  size: number
  method: number
  chunks: Buffer[]
  filled: number
}

/** What a naming document says: a name (Maven's `group:artifact` or the manifest's) and a version. */
interface Naming {
  at: number
  kind: DocumentKind
  /** Maven's artifactId, to match a file name against; the manifest's title. */
  artifact: string
  name: string
  version: string | null
}

/**
 * Finds the names of a jar and of the jars nested in it (stored, as Spring Boot's
 * `BOOT-INF/lib` and a war's `WEB-INF/lib` keep them) as the jar streams past:
 * every zip local header is looked for by its signature, so headers of nested jars
 * are met too, and only the entries that name a jar (pom.properties, pom.xml, the
 * manifest) are kept.
 */
export class JarScanner {
  private offset = 0
  /** Bytes of a header that a chunk cut in two (at most a header's 30 bytes and a name of NAME_LIMIT). */
  private carry: Buffer = Buffer.alloc(0)
  private readonly captures: Capture[] = []
  private readonly namings: Naming[] = []
  private readonly nested: { entry: string; start: number; size: number }[] = []
  /** Naming documents read so far, whether they could be read or not. */
  private documentsSeen = 0

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
      ...this.nameOf(
        jar.entry,
        naming => naming.at >= jar.start && naming.at < jar.start + jar.size
      )
    }))
    const own = (at: number) =>
      !this.nested.some(jar => at >= jar.start && at < jar.start + jar.size)
    const nestedBytes = nested.reduce((sum, jar) => sum + jar.bytes, 0)
    return [
      {
        entry: '',
        bytes: Math.max(0, fileBytes - nestedBytes),
        ...this.nameOf(path, naming => own(naming.at))
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
    const kind = documentKind(name)
    if (kind && (method === STORED || method === DEFLATED)) {
      const known = (flags & SIZES_AFTER) === 0
      if (known && size > POM_LIMIT) return
      if (this.documentsSeen >= POMS_LIMIT || this.captures.length >= CAPTURES_AT_ONCE) return
      this.documentsSeen++
      const capture = {
        kind,
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
      const naming = namingOf(capture)
      if (naming) this.namings.push(naming)
    }
  }

  /**
   * A jar's name, as Maven tools know it: its pom.properties (the one, or the one
   * named like the file or the manifest), else its pom.xml likewise, else what its
   * manifest says, else the file's name and the version in it.
   */
  private nameOf(file: string, inJar: (naming: { at: number }) => boolean): PackageName {
    const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.jar$/, '')
    const found = this.namings.filter(inJar).sort((a, b) => a.at - b.at)
    const manifest = found.find(naming => naming.kind === 'manifest')
    const named = (each: Naming) =>
      base === each.artifact ||
      base.startsWith(`${each.artifact}-`) ||
      (manifest !== undefined && manifest.artifact === each.artifact)
    for (const kind of ['properties', 'pom'] as const) {
      const documents = found.filter(naming => naming.kind === kind)
      const pick = documents.length === 1 ? documents[0] : documents.find(named)
      if (pick) return { name: pick.name, version: pick.version }
    }
    const versioned = /^(.+?)-(\d[\w.+-]*)$/.exec(base)
    if (manifest?.name) return { name: manifest.name, version: manifest.version }
    if (manifest?.version) return { name: versioned?.[1] ?? base, version: manifest.version }
    return versioned ? { name: versioned[1], version: versioned[2] } : { name: base, version: null }
  }
}

/** The text of a captured entry; undefined when it does not inflate. */
function captured(capture: Capture): string | undefined {
  const raw = Buffer.concat(capture.chunks)
  try {
    // Past the entry's end (sizes unknown) lie other bytes: the stream ends before them.
    const bytes =
      capture.method === DEFLATED
        ? inflateRawSync(raw, { finishFlush: constants.Z_SYNC_FLUSH })
        : raw
    return bytes.toString('utf8')
  } catch {
    return undefined
  }
}

type Coordinates = Omit<Naming, 'at' | 'kind'>

/** What a captured document says of its jar; undefined when it names nothing. */
function namingOf(capture: Capture): Naming | undefined {
  const text = captured(capture)
  if (text === undefined) return undefined
  const read: Record<DocumentKind, (text: string) => Coordinates | undefined> = {
    properties: propertiesCoordinates,
    pom: pomXmlCoordinates,
    manifest: manifestNaming
  }
  const fields = read[capture.kind](text)
  return fields && { at: capture.at, kind: capture.kind, ...fields }
}

const maven = (groupId: string, artifactId: string, version: string | undefined): Coordinates => ({
  artifact: artifactId,
  name: `${groupId}:${artifactId}`,
  version: version || null
})

/** groupId, artifactId and version of a pom.properties. */
function propertiesCoordinates(text: string): Coordinates | undefined {
  const properties: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(groupId|artifactId|version)\s*[=:]\s*(.*?)\s*$/.exec(line)
    if (match) properties[match[1]] = match[2]
  }
  const { groupId, artifactId, version } = properties
  return groupId && artifactId ? maven(groupId, artifactId, version) : undefined
}

const POM_FIELDS = new Set(['groupId', 'artifactId', 'version'])

/**
 * The project's own groupId, artifactId and version of a pom.xml (children of
 * <project>; the <parent>'s groupId and version where the project inherits them).
 * A version made of properties (`${…}`) is not resolved: it is left out.
 */
function pomXmlCoordinates(text: string): Coordinates | undefined {
  const fields: Record<string, string> = {}
  const path: string[] = []
  const xml = text.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')
  for (const [, closing, name, selfClosing, following] of xml.matchAll(
    /<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>([^<]*)/g
  )) {
    if (closing) path.pop()
    else if (!selfClosing) path.push(name.replace(/^.*:/, ''))
    const field = path[path.length - 1]
    if (closing || selfClosing || !POM_FIELDS.has(field)) continue
    const at = path.slice(0, -1).join('/')
    if (at === 'project' || at === 'project/parent') fields[`${at}/${field}`] = following.trim()
  }
  const field = (name: string) => fields[`project/${name}`] || fields[`project/parent/${name}`]
  const [groupId, artifactId, version] = [
    field('groupId'),
    fields['project/artifactId'],
    field('version')
  ]
  if (!groupId || !artifactId) return undefined
  return maven(groupId, artifactId, version?.includes('${') ? undefined : version)
}

/** A jar manifest's name and version: the implementation's, else the OSGi bundle's. */
function manifestNaming(text: string): Coordinates | undefined {
  const headers = new Map<string, string>()
  let last = ''
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') break
    // A line starting with a space continues the one before it.
    if (line.startsWith(' ') && last) headers.set(last, `${headers.get(last)}${line.slice(1)}`)
    const colon = line.indexOf(':')
    if (line.startsWith(' ') || colon < 1) continue
    last = line.slice(0, colon).trim().toLowerCase()
    headers.set(last, line.slice(colon + 1).trim())
  }
  const name =
    headers.get('implementation-title') ??
    headers.get('bundle-symbolicname')?.split(';')[0].trim() ??
    ''
  const version = headers.get('implementation-version') ?? headers.get('bundle-version') ?? null
  if (!name && !version) return undefined
  return { artifact: name, name, version }
}
