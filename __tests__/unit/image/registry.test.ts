import { describe, expect, it } from '@jest/globals'

describe('registry manifests', () => {
  it('pins a tag to a digest, ports included', async () => {
    const { pinnedReference } = await import('../../../src/image/registry.js')
    expect(pinnedReference('127.0.0.1:5000/app:1', 'sha256:ab')).toBe(
      '127.0.0.1:5000/app@sha256:ab'
    )
    expect(pinnedReference('127.0.0.1:5000/app', 'sha256:ab')).toBe('127.0.0.1:5000/app@sha256:ab')
    expect(pinnedReference('ghcr.io/org/app:v1.2', 'sha256:ab')).toBe('ghcr.io/org/app@sha256:ab')
  })

  it("picks the platform of an index, and reads a manifest's blob sizes", async () => {
    const { platformManifest, sizesOf } = await import('../../../src/image/registry.js')
    const index = {
      manifests: [
        {
          digest: 'sha256:arm',
          size: 1,
          platform: { os: 'linux', architecture: 'arm64', variant: 'v8' }
        },
        { digest: 'sha256:amd', size: 1, platform: { os: 'linux', architecture: 'amd64' } },
        { digest: 'sha256:att', size: 1, platform: { os: 'unknown', architecture: 'unknown' } }
      ]
    }
    expect(platformManifest(index, 'linux/amd64')?.digest).toBe('sha256:amd')
    expect(platformManifest(index, 'linux/arm64/v8')?.digest).toBe('sha256:arm')
    expect(() => platformManifest(index, 'linux/s390x')).toThrow('no manifest for linux/s390x')
    expect(platformManifest({ layers: [] }, 'linux/amd64')).toBeUndefined()
    expect(
      sizesOf({
        config: { digest: 'c', size: 7 },
        layers: [
          { digest: 'a', size: 10 },
          { digest: 'b', size: 20 }
        ]
      })
    ).toEqual({
      configBytes: 7,
      layerBytes: [10, 20],
      layerBlobs: ['a', 'b']
    })
  })
})
