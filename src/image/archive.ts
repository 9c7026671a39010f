import * as path from 'node:path/posix'
import { spawnWithOutput } from './command-output.js'
import { analyzeLayer, type LayerAnalysis, LayerMeter } from './layer.js'
import { type EntrySink, TarReader } from './tar-headers.js'

/** One image of a docker-archive's manifest.json. */
interface ArchiveManifest {
  Config: string
  RepoTags?: string[] | null
  Layers: string[]
}

export interface ImageHistoryEntry {
  created?: string
  created_by?: string
  comment?: string
  empty_layer?: boolean
}

/** The parts of an image config this tool reads. */
interface ImageConfig {
  architecture?: string
  os?: string
  variant?: string
  history?: ImageHistoryEntry[]
  rootfs?: { diff_ids?: string[] }
}

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
  layers: LayerAnalysis[]
}

// JSON documents (manifest, config, index) are small; anything larger streams.
const BUFFER_LIMIT = 1024 * 1024

function mayBeLayer(name: string): boolean {
  return name.endsWith('/layer.tar') || name.startsWith('blobs/')
}

/** Collects a small entry's contents, then hands them over whole. */
function collected(done: (contents: Buffer) => void): EntrySink {
  const chunks: Buffer[] = []
  return {
    // The reader hands out slices of a chunk it lets go of: keep a copy.
    write: data => chunks.push(Buffer.from(data)),
    end: () => done(Buffer.concat(chunks))
  }
}

/**
 * Reads an image archive from a stream: `docker save` (legacy or OCI-layout
 * flavour), or an OCI layout as a builder exports it, one image per platform.
 * Each layer is measured as it passes: nothing is held but small JSON documents
 * and each layer's entry list, and nothing is written to disk. One synchronous
 * reader walks the archive and the layers in it; a chunk at a time, it waits
 * only for the layer being read to take more.
 */
export async function readImageArchives(stream: AsyncIterable<Buffer>): Promise<ImageArchive[]> {
  const small = new Map<string, Buffer>()
  const layers = new Map<string, Promise<LayerAnalysis>>()
  const links = new Map<string, string>()
  let current: LayerMeter | undefined
  const reader = new TarReader(header => {
    const name = path.normalize(header.name)
    if (header.type === 'symlink') {
      // docker writes a layer it already wrote as a link to the first copy.
      links.set(name, path.join(path.dirname(name), header.linkname))
    } else if (header.type !== 'file') {
      return undefined
    } else if (header.size <= BUFFER_LIMIT) {
      return collected(contents => small.set(name, contents))
    } else if (mayBeLayer(name)) {
      current = new LayerMeter()
      layers.set(name, current.analysis())
      return current
    }
    return undefined
  })
  for await (const chunk of stream) {
    reader.write(chunk)
    if (current) await current.ready()
  }
  reader.end()
  const blobs = { small, measured: await measuredLayers(layers), links }
  return small.has('manifest.json') ? [await assemble(blobs)] : assembleLayout(blobs)
}

/**
 * The large blobs measured as layers. A blob may also be an attestation or an
 * SBOM: one that is not a tar is no layer, and is left out.
 */
async function measuredLayers(
  layers: Map<string, Promise<LayerAnalysis>>
): Promise<Map<string, LayerAnalysis>> {
  const measured = new Map<string, LayerAnalysis>()
  for (const [name, analysis] of layers) {
    const layer = await analysis.catch(() => undefined)
    if (layer) measured.set(name, layer)
  }
  return measured
}

/** The one image of a `docker save` archive. */
export async function readImageArchive(stream: AsyncIterable<Buffer>): Promise<ImageArchive> {
  const [image] = await readImageArchives(stream)
  return image
}

function parseJson<T>(buffer: Buffer | undefined, what: string): T {
  if (!buffer) throw new Error(`the image archive has no ${what}`)
  return JSON.parse(buffer.toString('utf8')) as T
}

/** What the archive held: small documents, the layers measured as they passed, and links. */
interface ArchiveBlobs {
  small: Map<string, Buffer>
  measured: Map<string, LayerAnalysis>
  links: Map<string, string>
}

/** A layer by its path in the archive, followed through links. */
async function layerAt(blobs: ArchiveBlobs, layerPath: string): Promise<LayerAnalysis> {
  let name = path.normalize(layerPath)
  while (blobs.links.has(name)) name = blobs.links.get(name) as string
  const buffered = blobs.small.get(name)
  const layer = blobs.measured.get(name) ?? (buffered ? await analyzeLayer([buffered]) : undefined)
  if (!layer) throw new Error(`the image archive has no layer ${layerPath}`)
  // A copy per image: two platforms may share a blob, and each lets go of its entries.
  return { ...layer }
}

/** An image from its config's path and digest and its layers' paths in the archive. */
async function imageAt(
  blobs: ArchiveBlobs,
  config: { path: string; digest: string },
  layerPaths: string[]
): Promise<ImageArchive> {
  const configBuffer = blobs.small.get(path.normalize(config.path))
  const layers: LayerAnalysis[] = []
  for (const layerPath of layerPaths) layers.push(await layerAt(blobs, layerPath))
  return {
    config: parseJson<ImageConfig>(configBuffer, `config ${config.path}`),
    configBytes: configBuffer?.length ?? 0,
    configDigest: config.digest,
    layers
  }
}

/** The image of an archive's manifest.json (docker's own format). */
async function assemble(blobs: ArchiveBlobs): Promise<ImageArchive> {
  const [manifest] = parseJson<ArchiveManifest[]>(blobs.small.get('manifest.json'), 'manifest.json')
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
    const index = parseJson<OciDocument>(blobs.small.get('index.json'), 'index.json')
    const [only, ...more] = index.manifests ?? []
    return more.length === 0 && typeof only?.digest === 'string' ? only.digest : undefined
  } catch {
    return undefined
  }
}

/** A descriptor of an OCI index or manifest. */
interface Descriptor {
  mediaType?: string
  digest: string
  annotations?: Record<string, string>
  platform?: { os?: string; architecture?: string }
}

interface OciDocument {
  mediaType?: string
  manifests?: Descriptor[]
  config?: Descriptor
  layers?: Descriptor[]
}

const blobPath = (digest: string): string => `blobs/${digest.replace(':', '/')}`

/** Attestations (provenance, SBOM) ride in the index as manifests of no platform. */
function isAttestation(descriptor: Descriptor): boolean {
  return (
    descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
    descriptor.platform?.os === 'unknown'
  )
}

/** The images of an OCI layout (index.json, nested indexes unfolded), attestations left out. */
async function assembleLayout(blobs: ArchiveBlobs): Promise<ImageArchive[]> {
  const images: ImageArchive[] = []
  const visit = async (document: OciDocument): Promise<void> => {
    for (const descriptor of document.manifests ?? []) {
      if (isAttestation(descriptor)) continue
      const child = parseJson<OciDocument>(
        blobs.small.get(blobPath(descriptor.digest)),
        `manifest ${descriptor.digest}`
      )
      if (child.manifests) await visit(child)
      else images.push(await imageOf(blobs, child))
    }
  }
  await visit(parseJson<OciDocument>(blobs.small.get('index.json'), 'manifest.json or index.json'))
  if (images.length === 0) throw new Error('the image archive holds no image')
  return images
}

function imageOf(blobs: ArchiveBlobs, manifest: OciDocument): Promise<ImageArchive> {
  if (!manifest.config) throw new Error('an image manifest of the archive names no config')
  const { digest } = manifest.config
  const layerPaths = (manifest.layers ?? []).map(layer => blobPath(layer.digest))
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
  watch?: (bytes: number) => void
): Promise<ImageArchive> {
  const { child, chunks } = await spawnWithOutput('docker', ['save', image])
  const stderr: Buffer[] = []
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk))
  let spawnError: Error | undefined
  child.on('error', error => (spawnError = error))
  const exited = new Promise<number>(resolve => child.on('close', code => resolve(code ?? 1)))
  try {
    const archive = await readImageArchive(watch ? watched(chunks, watch) : chunks)
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
