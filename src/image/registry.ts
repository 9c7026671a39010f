import { docker } from '../process/command.js'
import { type ImageMeasurement, pullBytes } from './measure.js'

interface Descriptor {
  mediaType?: string
  digest: string
  size: number
  platform?: { os?: string; architecture?: string; variant?: string }
}

/** An image manifest, or an index (manifest list) of them. */
interface RegistryDocument {
  mediaType?: string
  config?: Descriptor
  layers?: Descriptor[]
  manifests?: Descriptor[]
}

/** Blob sizes of one platform's image as the registry stores them. */
export interface RegistrySizes {
  configBytes: number
  layerBytes: number[]
  /** Each layer's blob digest, in the manifest's order. */
  layerBlobs: string[]
}

/** `repo:tag` → `repo@digest` (a port's colon is not a tag). */
export function pinnedReference(tag: string, digest: string): string {
  const slash = tag.lastIndexOf('/')
  const colon = tag.lastIndexOf(':')
  const repository = colon > slash ? tag.slice(0, colon) : tag
  return `${repository}@${digest}`
}

/** The manifest of `platform` inside an index, or undefined when the document is a manifest. */
export function platformManifest(
  document: RegistryDocument,
  platform: string
): Descriptor | undefined {
  if (!document.manifests) return undefined
  const [os, architecture, variant] = platform.split('/')
  const matches = document.manifests.filter(
    entry => entry.platform?.os === os && entry.platform?.architecture === architecture
  )
  const found = matches.find(entry => !variant || entry.platform?.variant === variant) ?? matches[0]
  if (!found) throw new Error(`the pushed index has no manifest for ${platform}`)
  return found
}

export function sizesOf(document: RegistryDocument): RegistrySizes {
  if (!document.config || !document.layers)
    throw new Error('the registry answered with no image manifest')
  return {
    configBytes: document.config.size,
    layerBytes: document.layers.map(layer => layer.size),
    layerBlobs: document.layers.map(layer => layer.digest)
  }
}

/**
 * The raw manifest or index. buildx's imagetools reads OCI indexes (what buildx
 * pushes, with attestations) and local plain-HTTP registries; without buildx,
 * `docker manifest inspect` (older clients know no OCI index, but the engine
 * pushes none), on plain HTTP with --insecure.
 */
async function inspect(reference: string): Promise<RegistryDocument> {
  const attempts = [
    ['buildx', 'imagetools', 'inspect', '--raw', reference],
    ['manifest', 'inspect', reference],
    ['manifest', 'inspect', '--insecure', reference]
  ]
  let error = ''
  for (const args of attempts) {
    const result = await docker(args)
    if (result.ok) return JSON.parse(result.stdout) as RegistryDocument
    error = result.error
  }
  throw new Error(error)
}

/** Reads the pushed image's real blob sizes from the registry. */
export async function readRegistrySizes(
  tag: string,
  digest: string,
  platform: string
): Promise<RegistrySizes> {
  const reference = pinnedReference(tag, digest)
  const document = await inspect(reference)
  const entry = platformManifest(document, platform)
  return sizesOf(entry ? await inspect(pinnedReference(tag, entry.digest)) : document)
}

/** The measurement with the registry's compressed sizes in place of the gzip estimate. */
export function withRegistrySizes(
  measured: ImageMeasurement,
  sizes: RegistrySizes
): ImageMeasurement {
  if (sizes.layerBytes.length !== measured.layers.length) {
    throw new Error(
      `the registry lists ${sizes.layerBytes.length} layers, the image has ${measured.layers.length}`
    )
  }
  const layers = measured.layers.map((layer, index) => ({
    ...layer,
    compressedBytes: sizes.layerBytes[index],
    blob: sizes.layerBlobs[index]
  }))
  return {
    ...measured,
    layers,
    compressedBytes: pullBytes(layers, sizes.configBytes),
    compressedSource: 'registry'
  }
}
