import { createHash } from 'node:crypto'
import * as tar from 'tar-stream'

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex')

/** The bytes of a packed tar. */
async function packed(pack: tar.Pack): Promise<Buffer> {
  pack.finalize()
  const chunks: Buffer[] = []
  for await (const chunk of pack as unknown as AsyncIterable<Buffer>) chunks.push(chunk)
  return Buffer.concat(chunks)
}

/** A tar archive of `entries`, each a file's name and its bytes. */
export function tarOf(entries: [string, Buffer][]): Promise<Buffer> {
  const pack = tar.pack()
  for (const [name, body] of entries) pack.entry({ name }, body)
  return packed(pack)
}

/** A tar archive of files of `size` bytes of 'x', and links and folders. */
export function entriesTar(
  entries: {
    name: string
    size?: number
    type?: 'file' | 'symlink' | 'link' | 'directory'
    linkname?: string
  }[]
): Promise<Buffer> {
  const pack = tar.pack()
  for (const entry of entries) {
    const body =
      entry.type && entry.type !== 'file' ? undefined : Buffer.alloc(entry.size ?? 0, 'x')
    if (body) pack.entry({ name: entry.name }, body)
    else pack.entry({ name: entry.name, type: entry.type, linkname: entry.linkname })
  }
  return packed(pack)
}

/** A layer's tar compressed as it is stored, and its media type. */
export interface StoredLayer {
  blob: Buffer
  mediaType: string
}

/**
 * An OCI image layout (as builders and the containerd store export it) of one
 * layer: `layerTar` stored as `stored`, made by `createdBy`.
 */
export async function ociLayout(
  layerTar: Buffer,
  stored: StoredLayer,
  createdBy: string
): Promise<Buffer> {
  const config = Buffer.from(
    JSON.stringify({
      os: 'linux',
      architecture: 'amd64',
      rootfs: { type: 'layers', diff_ids: [`sha256:${sha(layerTar)}`] },
      history: [{ created_by: createdBy }]
    })
  )
  const descriptor = (mediaType: string, body: Buffer) => ({
    mediaType,
    digest: `sha256:${sha(body)}`,
    size: body.length
  })
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: descriptor('application/vnd.oci.image.config.v1+json', config),
      layers: [descriptor(stored.mediaType, stored.blob)]
    })
  )
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      manifests: [descriptor('application/vnd.oci.image.manifest.v1+json', manifest)]
    })
  )
  return tarOf([
    ...[stored.blob, config, manifest].map(
      body => [`blobs/sha256/${sha(body)}`, body] as [string, Buffer]
    ),
    ['index.json', index],
    ['oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}')]
  ])
}
