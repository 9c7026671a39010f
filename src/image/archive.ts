import * as path from 'node:path/posix'
import { z } from 'zod'
import { spawnWithOutput } from '../process/command-output.js'
import { savedReference } from './engine.js'
import { analyzeLayer, type LayerAnalysis, LayerMeter, type MeterOptions } from './layer.js'
import { MetadataBudget } from './packages/probe.js'
import { collected, TarReader } from './tar-headers.js'

/** One image of a docker-archive's manifest.json. */
const ArchiveManifestSchema = z.object({
  Config: z.string(),
  RepoTags: z.array(z.string()).nullish(),
  Layers: z.array(z.string())
})

const HistoryEntrySchema = z.object({
  created: z.string().optional(),
  created_by: z.string().optional(),
  comment: z.string().optional(),
  empty_layer: z.boolean().optional()
})

export type ImageHistoryEntry = z.infer<typeof HistoryEntrySchema>

/** The parts of an image config this tool reads. */
const ImageConfigSchema = z.object({
  architecture: z.string().optional(),
  os: z.string().optional(),
  variant: z.string().optional(),
  history: z.array(HistoryEntrySchema).optional(),
  rootfs: z.object({ diff_ids: z.array(z.string()).optional() }).optional(),
  /** How the image runs: entrypoint, command, environment, user… */
  config: z.record(z.string(), z.unknown()).nullish()
})

type ImageConfig = z.infer<typeof ImageConfigSchema>

export interface ImageArchive {
  config: ImageConfig
  configBytes: number
  /** The config's digest: the image id on the engine's classic image store. */
  configDigest: string
  /**
   * The digest the archive's own index.json names the image by (Docker 25 and later
   * write one into `docker save`): the image id on the containerd image store.
   */
  indexDigest?: string
  /** The image's layers, base first, each measured. */
  layers: ArchiveLayer[]
}

// JSON documents (manifest, config, index) are small; anything larger streams.
const BUFFER_LIMIT = 1024 * 1024
/** All the JSON documents an archive may hold, together: beyond it, no image needs them. */
const DOCUMENTS_LIMIT = 64 * 1024 * 1024
/** Links followed from one name before they are taken for a loop (Linux's own limit). */
const LINK_HOPS = 40
/** Indexes within indexes, followed as deep as links: a real image nests two. */
const INDEX_DEPTH = 40

function mayBeLayer(name: string): boolean {
  return name.endsWith('/layer.tar') || name.startsWith('blobs/')
}

/** What an image may need of a small entry: a JSON document or a small layer. */
function mayBeNeeded(name: string): boolean {
  return mayBeLayer(name) || name.endsWith('.json') || name.endsWith('/json')
}

/**
 * Reads an image archive from a stream: `docker save` (legacy or OCI-layout
 * flavour), or an OCI layout as a builder exports it, one image per platform.
 * Each layer is measured as it passes: nothing is held but small JSON documents
 * and each layer's entry list, and nothing is written to disk. One synchronous
 * reader walks the archive and the layers in it; a chunk at a time, it waits
 * only for the layer being read to take more.
 */
export async function readImageArchives(
  stream: AsyncIterable<Buffer>,
  meterOptions: MeterOptions = {}
): Promise<ImageArchive[]> {
  // One budget of package metadata for all the archive's layers.
  const options = { metadataBudget: new MetadataBudget(), ...meterOptions }
  const small = new Map<string, Buffer>()
  const layers = new Map<string, Promise<MeasuredLayer>>()
  const links = new Map<string, string>()
  let held = 0
  const hold = (name: string, contents: Buffer) => {
    held += contents.length - (small.get(name)?.length ?? 0)
    if (held > DOCUMENTS_LIMIT)
      throw new Error(
        `its small entries hold over ${DOCUMENTS_LIMIT / 1024 / 1024} MiB, more than an image's documents take`
      )
    small.set(name, contents)
  }
  let current: LayerMeter | undefined
  const reader = new TarReader(header => {
    const name = path.normalize(header.name)
    if (header.type === 'symlink') {
      // docker writes a layer it already wrote as a link to the first copy.
      links.set(name, path.join(path.dirname(name), header.linkname))
    } else if (header.type !== 'file' || !mayBeNeeded(name)) {
      return undefined
    } else if (header.size <= BUFFER_LIMIT) {
      return collected(contents => hold(name, contents))
    } else if (mayBeLayer(name)) {
      current = new LayerMeter(options)
      layers.set(name, outcomeOf(current.analysis()))
      return current
    }
    return undefined
  })
  for await (const chunk of stream) {
    reader.write(chunk)
    if (current) await current.ready()
  }
  reader.end()
  const blobs: ArchiveBlobs = { small, layers, links, options }
  return small.has('manifest.json') ? [await assemble(blobs)] : assembleLayout(blobs)
}

/**
 * A layer measured, or why it could not be: a blob may also be an attestation or
 * an SBOM, which is no tar and which no image asks for as a layer.
 */
type MeasuredLayer = { layer: LayerAnalysis } | { failure: Error }

const outcomeOf = (analysis: Promise<LayerAnalysis>): Promise<MeasuredLayer> =>
  analysis.then(
    layer => ({ layer }),
    (failure: Error) => ({ failure })
  )

/** The one image of a `docker save` archive. */
export async function readImageArchive(
  stream: AsyncIterable<Buffer>,
  meterOptions: MeterOptions = {}
): Promise<ImageArchive> {
  const [image] = await readImageArchives(stream, meterOptions)
  return image
}

/** A JSON document of the archive, checked against the parts of it this tool reads. */
function parseJson<T>(buffer: Buffer | undefined, what: string, schema: z.ZodType<T>): T {
  if (!buffer) throw new Error(`the image archive has no ${what}`)
  let json: unknown
  try {
    json = JSON.parse(buffer.toString('utf8'))
  } catch {
    throw new Error(`${what} is not JSON`)
  }
  const parsed = schema.safeParse(json)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const field = issue.path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${String(part)}`
    )
    .join('')
  const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message)
  const problem = missing ? 'is missing' : `is wrong (${issue.message})`
  throw new Error(
    field
      ? `${what} is not as an image archive has it: its field ${field} ${problem}`
      : `${what} is not as an image archive has it (${issue.message})`
  )
}

/** What the archive held: small documents, the layers measured as they passed, and links. */
interface ArchiveBlobs {
  small: Map<string, Buffer>
  /**
   * Each blob measured as a layer once, however many images list it: large ones as
   * they passed, small ones when an image first asks for them.
   */
  layers: Map<string, Promise<MeasuredLayer>>
  links: Map<string, string>
  /** How layers are measured: small ones are measured when first asked for. */
  options: MeterOptions
}

/** A name followed through the archive's links, which must end. */
function resolved(blobs: ArchiveBlobs, name: string): string {
  let at = path.normalize(name)
  for (let hops = 0; blobs.links.has(at); hops++) {
    if (hops === LINK_HOPS) throw new Error(`${name}: its links loop`)
    at = blobs.links.get(at) as string
  }
  return at
}

/** A layer, with the name of its blob in the archive: two layers are one download only if one blob. */
export type ArchiveLayer = LayerAnalysis & { blob: string }

/** A layer by its path in the archive, followed through links. */
async function layerAt(blobs: ArchiveBlobs, layerPath: string): Promise<ArchiveLayer> {
  const name = resolved(blobs, layerPath)
  const buffered = blobs.small.get(name)
  if (buffered && !blobs.layers.has(name))
    blobs.layers.set(name, outcomeOf(analyzeLayer([buffered], blobs.options)))
  const measured = await blobs.layers.get(name)
  if (!measured) throw new Error(`the image archive has no layer ${layerPath}`)
  if ('failure' in measured) throw new Error(`layer ${layerPath}: ${measured.failure.message}`)
  const { layer } = measured
  // A copy per image: two platforms may share a blob, and each lets go of its entries.
  return { ...layer, blob: name }
}

/**
 * Each layer's uncompressed bytes against the diff_id the config names it by, as
 * `docker load` checks them: a layer changed on its way (a header grown into the next,
 * a byte flipped in a file) is refused, not measured. A config whose diff_ids do not
 * pair with the layers (missing, another count) is measured without the check.
 */
function checkDiffIds(config: ImageConfig, layers: ArchiveLayer[], layerPaths: string[]): void {
  const diffIds = config.rootfs?.diff_ids
  if (diffIds?.length !== layers.length) return
  layers.forEach((layer, index) => {
    if (layer.diffId !== diffIds[index])
      throw new Error(
        `layer ${layerPaths[index]}: its contents are not what the config's diff_ids[${index}] names (${diffIds[index].slice(0, 80)}; read ${layer.diffId})`
      )
  })
}

/** An image from its config's path and digest and its layers' paths in the archive. */
async function imageAt(
  blobs: ArchiveBlobs,
  config: { path: string; digest: string },
  layerPaths: string[]
): Promise<ImageArchive> {
  const configBuffer = blobs.small.get(path.normalize(config.path))
  const layers: ArchiveLayer[] = []
  for (const layerPath of layerPaths) layers.push(await layerAt(blobs, layerPath))
  const parsed = parseJson(configBuffer, `config ${config.path}`, ImageConfigSchema)
  checkDiffIds(parsed, layers, layerPaths)
  return {
    config: parsed,
    configBytes: configBuffer?.length ?? 0,
    configDigest: config.digest,
    layers
  }
}

/** The image of an archive's manifest.json (docker's own format). */
async function assemble(blobs: ArchiveBlobs): Promise<ImageArchive> {
  const [manifest] = parseJson(
    blobs.small.get('manifest.json'),
    'manifest.json',
    z.array(ArchiveManifestSchema)
  )
  if (!manifest) throw new Error('the image archive holds no image')
  // Named by its digest: `<hex>.json` (legacy) or `blobs/sha256/<hex>`.
  const hex = /([0-9a-f]{64})(?:\.json)?$/.exec(manifest.Config)?.[1]
  const config = { path: manifest.Config, digest: hex ? `sha256:${hex}` : '' }
  const image = await imageAt(blobs, config, manifest.Layers)
  return { ...image, indexDigest: soleImageDigest(blobs) }
}

/** The digest of the one image an index.json beside manifest.json lists, if it lists one. */
function soleImageDigest(blobs: ArchiveBlobs): string | undefined {
  if (!blobs.small.has('index.json')) return undefined
  try {
    const index = parseJson(blobs.small.get('index.json'), 'index.json', OciDocumentSchema)
    const [only, ...more] = index.manifests ?? []
    return more.length === 0 && typeof only?.digest === 'string' ? only.digest : undefined
  } catch {
    return undefined
  }
}

/** A descriptor of an OCI index or manifest. */
const DescriptorSchema = z.object({
  mediaType: z.string().optional(),
  digest: z.string(),
  annotations: z.record(z.string(), z.string()).optional(),
  platform: z.object({ os: z.string().optional(), architecture: z.string().optional() }).optional()
})

type Descriptor = z.infer<typeof DescriptorSchema>

const OciDocumentSchema = z.object({
  mediaType: z.string().optional(),
  manifests: z.array(DescriptorSchema).optional(),
  config: DescriptorSchema.optional(),
  layers: z.array(DescriptorSchema).optional()
})

type OciDocument = z.infer<typeof OciDocumentSchema>

const blobPath = (digest: string): string => `blobs/${digest.replace(':', '/')}`

/** Attestations (provenance, SBOM) ride in the index as manifests of no platform. */
function isAttestation(descriptor: Descriptor): boolean {
  return (
    descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
    descriptor.platform?.os === 'unknown'
  )
}

/**
 * The images of an OCI layout (index.json, nested indexes unfolded, at most
 * INDEX_DEPTH deep as links are followed), attestations left out.
 */
async function assembleLayout(blobs: ArchiveBlobs): Promise<ImageArchive[]> {
  const images: ImageArchive[] = []
  // Each document once: an index listed twice, or listing itself, is read once.
  const seen = new Set<string>()
  const visit = async (document: OciDocument, depth: number): Promise<void> => {
    for (const descriptor of document.manifests ?? []) {
      if (isAttestation(descriptor) || seen.has(descriptor.digest)) continue
      seen.add(descriptor.digest)
      const child = parseJson(
        blobs.small.get(blobPath(descriptor.digest)),
        `manifest ${descriptor.digest}`,
        OciDocumentSchema
      )
      if (!child.manifests) images.push(await imageOf(blobs, child))
      else if (depth === INDEX_DEPTH)
        throw new Error(`index.json: its indexes nest more than ${INDEX_DEPTH} deep`)
      else await visit(child, depth + 1)
    }
  }
  if (!blobs.small.has('index.json'))
    throw new Error('the image archive has no manifest.json or index.json')
  await visit(parseJson(blobs.small.get('index.json'), 'index.json', OciDocumentSchema), 1)
  if (images.length === 0) throw new Error('the image archive holds no image')
  return images
}

function imageOf(blobs: ArchiveBlobs, manifest: OciDocument): Promise<ImageArchive> {
  if (!manifest.config) throw new Error('an image manifest of the archive names no config')
  // An image manifest must list its layers (an empty image lists none): without the
  // list, the image would read as empty, a wrong number rather than a refusal.
  if (!manifest.layers) throw new Error('an image manifest of the archive lists no layers')
  const { digest } = manifest.config
  const layerPaths = manifest.layers.map(layer => blobPath(layer.digest))
  return imageAt(blobs, { path: blobPath(digest), digest }, layerPaths)
}

/** A stream's chunks as they pass, each told to `watch` (bytes read so far, for progress). */
export async function* watched(
  stream: AsyncIterable<Buffer>,
  watch: (bytes: number) => void
): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    watch(chunk.length)
    yield chunk
  }
}

/** Streams `docker save IMAGE` into the archive reader; never touches the disk. */
export async function saveAndReadImage(
  image: string,
  watch?: (bytes: number) => void,
  meterOptions: MeterOptions = {}
): Promise<ImageArchive> {
  const { child, chunks } = await spawnWithOutput('docker', ['save', savedReference(image)])
  const stderr: Buffer[] = []
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk))
  let spawnError: Error | undefined
  child.on('error', error => (spawnError = error))
  const exited = new Promise<number>(resolve => child.on('close', code => resolve(code ?? 1)))
  try {
    const archive = await readImageArchive(watch ? watched(chunks, watch) : chunks, meterOptions)
    const code = await exited
    if (code !== 0) throw new Error(`docker save exited with ${code}`)
    return archive
  } catch (error) {
    child.kill()
    const said = Buffer.concat(stderr).toString('utf8').trim()
    const cause = spawnError?.message ?? (said || (error as Error).message)
    throw new Error(`could not read image ${image} through docker save: ${cause}`, { cause: error })
  }
}
