import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { open, readFile, stat } from 'node:fs/promises'
import * as path from 'node:path'
import { docker } from '../process/command.js'
import type { Stage } from '../dockerfile/model.js'
import { UserError } from '../errors.js'
import {
  type ImageArchive,
  readImageArchives,
  saveAndReadImage,
  watched
} from '../image/archive.js'
import { measureArchive, measureSavedImage } from '../image/measure.js'
import { isTarHeader } from '../image/tar-headers.js'
import { hostPlatform } from '../measure/build.js'
import { type DockerfileTarget, reportContext } from '../measure/report.js'
import {
  dockerfileTarget,
  imageNames,
  prebuiltReport,
  repositoryOf
} from '../measure/engine-image.js'
import { imageIdentity } from '../report/identity.js'
import type { ImageReport } from '../report/types.js'
import { parseReport } from '../report/parse.js'
import { byteProgress } from './progress.js'

/** What a command line names: a report file, an image archive file (`-`: standard input), or an image of the engine. */
export type Source =
  | { kind: 'report'; file: string }
  | { kind: 'archive'; file: string }
  | { kind: 'image'; reference: string }

/** The archive standard input carries: `docker save IMAGE | sizegate analyze -`. */
const STDIN = '-'

/**
 * A file that starts with a tar header is an archive; one that starts with `{` a
 * report; any other file an archive (gzipped, or not one: said when read); `-` the
 * archive on standard input; no file, an engine image.
 */
export async function sourceOf(argument: string): Promise<Source> {
  if (argument === STDIN) return { kind: 'archive', file: STDIN }
  const found = await stat(argument).catch(() => undefined)
  if (!found?.isFile()) return { kind: 'image', reference: argument }
  const handle = await open(argument)
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(512), 0, 512, 0)
    const head = buffer.subarray(0, bytesRead)
    const report = !isTarHeader(head) && head.toString('utf8').trimStart().startsWith('{')
    return report ? { kind: 'report', file: argument } : { kind: 'archive', file: argument }
  } finally {
    await handle.close()
  }
}

/** A stream as it is, or gunzipped when it starts as gzip does (`docker save app | gzip`). */
async function* gunzippedIfGzip(stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const chunks = stream[Symbol.asyncIterator]()
  const first = await chunks.next()
  if (first.done) return
  const rest = (async function* () {
    yield first.value
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value
  })()
  const gzip = first.value[0] === 0x1f && first.value[1] === 0x8b
  yield* gzip ? Readable.from(rest).pipe(createGunzip()) : rest
}

/** The Dockerfile given with --file, resolved as a build of its last stage would be. */
export async function dockerfileOf(
  file: string | undefined
): Promise<DockerfileTarget | undefined> {
  if (!file) return undefined
  const absolute = path.resolve(file)
  const exists = await stat(absolute).catch(() => undefined)
  if (!exists?.isFile())
    throw new UserError(`--file: ${JSON.stringify(file)} is not a file; expected a Dockerfile`)
  return { file: absolute, target: await dockerfileTarget(absolute, file) }
}

/** The bytes an engine image's archive will take, near enough for a progress bar. */
async function imageBytes(reference: string): Promise<number> {
  const result = await docker(['image', 'inspect', '--format', '{{.Size}}', reference])
  if (!result.ok)
    throw new UserError(
      `${reference} is neither a file nor an image of the engine (${result.error})`
    )
  return Number(result.stdout.trim()) || 1
}

/** The archives a source holds, its name, and whether the engine saved them (its ids then). */
interface ReadSource {
  archives: ImageArchive[]
  name: string
  fromEngine: boolean
}

async function readSource(source: Exclude<Source, { kind: 'report' }>): Promise<ReadSource> {
  if (source.kind === 'archive') {
    const stdin = source.file === STDIN
    // Standard input says nothing of its size: no bar for it.
    const progress = stdin ? undefined : byteProgress('Reading', (await stat(source.file)).size)
    try {
      const input = stdin
        ? process.stdin
        : createReadStream(source.file, { highWaterMark: 1 << 16 })
      const read = watched(input, bytes => progress?.add(bytes))
      const where = stdin ? 'standard input' : source.file
      const archives = await readImageArchives(gunzippedIfGzip(read)).catch((error: Error) => {
        throw new UserError(`${where} is not an image archive: ${error.message}`)
      })
      const name = stdin ? 'image' : path.basename(source.file).replace(/\.(tar|oci)(\.gz)?$/, '')
      return { archives, name, fromEngine: false }
    } finally {
      progress?.stop()
    }
  }
  const progress = byteProgress('Reading', await imageBytes(source.reference))
  try {
    const archive = await saveAndReadImage(source.reference, bytes => progress.add(bytes))
    return { archives: [archive], name: imageNames([source.reference])[0], fromEngine: true }
  } finally {
    progress.stop()
  }
}

/** A measured image as a report of its own: no build, nothing to compare with yet. */
function archiveReport(
  archive: ImageArchive,
  source: ReadSource,
  dockerfile: DockerfileTarget | undefined
): ImageReport {
  const chain: Stage[] = dockerfile?.target.chain ?? []
  const measured = (source.fromEngine ? measureSavedImage : measureArchive)(archive, chain)
  const { name } = source
  const several = source.archives.length > 1
  const target = several ? `${name} (${measured.platform})` : name
  const label = dockerfile ? path.relative(process.cwd(), dockerfile.file) : ''
  const identity = imageIdentity({
    id: repositoryOf(name),
    dockerfile: label,
    context: '.',
    platform: measured.platform || hostPlatform(),
    buildArgs: {}
  })
  const context = reportContext({ dockerfile: label, builtWith: [{ target, identity }] })
  return prebuiltReport(
    { target, identity, imageId: measured.imageId },
    measured,
    dockerfile,
    context
  ).report
}

/** The reports a source stands for: one per platform of an image, or the report file's own. */
export async function reportsOf(
  source: Source,
  dockerfile?: DockerfileTarget
): Promise<ImageReport[]> {
  if (source.kind === 'report') {
    const parsed = parseReport(await readFile(source.file, 'utf8'))
    if (!parsed.ok) throw new UserError(`${source.file} ${parsed.problem}`)
    return [parsed.value]
  }
  const read = await readSource(source)
  return read.archives.map(archive => archiveReport(archive, read, dockerfile))
}
