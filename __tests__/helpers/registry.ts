import { expect } from '@jest/globals'
import { REGISTRY } from './buildx.js'

export interface PushedManifest {
  config?: { size: number; digest: string }
  layers?: { size: number; digest: string }[]
  manifests?: {
    digest: string
    platform?: { os: string; architecture: string; variant?: string }
  }[]
}

/** The pushed image's manifest for `platform`, as the registry serves it (through an index). */
export async function pushedManifest(
  reference: string,
  digest: string,
  platform = 'linux/amd64'
): Promise<PushedManifest> {
  const [, repository] = /^[^/]+\/(.+?)(?::[^:/]+)?$/.exec(reference) ?? []
  const read = async (ref: string): Promise<PushedManifest> => {
    const response = await fetch(`http://${REGISTRY}/v2/${repository}/manifests/${ref}`, {
      headers: {
        Accept: [
          'application/vnd.oci.image.index.v1+json',
          'application/vnd.oci.image.manifest.v1+json',
          'application/vnd.docker.distribution.manifest.list.v2+json',
          'application/vnd.docker.distribution.manifest.v2+json'
        ].join(', ')
      }
    })
    expect(response.ok).toBe(true)
    return (await response.json()) as PushedManifest
  }
  const manifest = await read(digest)
  const [os, architecture, variant] = platform.split('/')
  const image = manifest.manifests?.find(
    entry =>
      entry.platform?.os === os &&
      entry.platform.architecture === architecture &&
      entry.platform.variant === variant
  )
  return image ? read(image.digest) : manifest
}

/** Whether the tests' registry (scripts/registry.sh) answers. */
export async function registryAnswers(): Promise<boolean> {
  try {
    return (await fetch(`http://${REGISTRY}/v2/`)).ok
  } catch {
    return false
  }
}
