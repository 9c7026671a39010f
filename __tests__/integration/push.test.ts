import { beforeAll, describe, expect, it } from '@jest/globals'
import type { ImageReport } from '../../src/report/types.js'
import { runAction } from '../helpers/action.js'
import { fixtures, makeBaseImages, savedImage, systemGzipSizes } from '../helpers/engine.js'
import { pushedManifest, registryAnswers } from '../helpers/registry.js'
import { intoEngine, world } from '../helpers/world.js'

const REGISTRY = '127.0.0.1:5000'

describe('a pushed image', () => {
  let available = false
  beforeAll(async () => {
    available = await registryAnswers()
    // scripts/registry.sh starts one; CI must not pass without it.
    if (!available && process.env.CI) throw new Error(`no registry answers on ${REGISTRY}`)
    if (available) makeBaseImages('node:20-slim')
  })

  it('takes its compressed sizes from the registry manifest', async () => {
    if (!available)
      return console.warn(`skipped: no registry on ${REGISTRY} (run scripts/registry.sh)`)
    const tag = `${REGISTRY}/sizegate-test/node:push`
    const result = await runAction(
      { context: 'node', network: 'none', tags: tag, push: 'true', ...intoEngine },
      { GITHUB_WORKSPACE: fixtures }
    )
    expect(result.exitCode).toBe(0)
    const report: ImageReport = result.reports[0]
    expect(report.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(result.outputs.digest).toBe(report.digest)
    // Through the index a push may make (attestations, the containerd image store).
    const pushed = await pushedManifest(tag, report.digest as string)
    const layers = pushed.layers ?? []
    expect(report.compressedSource).toBe('registry')
    expect(report.layers.map(layer => layer.compressedBytes)).toEqual(
      layers.map(layer => layer.size)
    )
    expect(report.compressedBytes).toBe(
      layers.reduce((sum, layer) => sum + layer.size, 0) + (pushed.config?.size ?? 0)
    )
    if (world.imageStore === 'containerd' && !world.builderExports) {
      // The store pushed the blobs it keeps: the same bytes as docker save gives.
      const saved = savedImage(report.imageId)
      expect(layers.map(layer => layer.size)).toEqual(saved.layers.map(layer => layer.blobBytes))
      return
    }
    // The engine's own gzip is not zlib's: measured on a real Node image, Docker
    // 20.10's push stores 0.3% more than `gzip -6`, Docker 28's (classic store) 2.8%.
    const gzipped = systemGzipSizes(report.imageId).reduce((a, b) => a + b, 0)
    expect(Math.abs(report.compressedBytes - gzipped)).toBeLessThanOrEqual(0.04 * gzipped)
  })
})
