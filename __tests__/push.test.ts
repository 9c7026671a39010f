import { beforeAll, describe, expect, it } from '@jest/globals'
import type { ImageReport } from '../src/report/types.js'
import { runAction } from './helpers/action.js'
import { fixtures, makeBaseImages, systemGzipSizes } from './helpers/engine.js'

const REGISTRY = '127.0.0.1:5000'

async function registryAnswers(): Promise<boolean> {
  try {
    return (await fetch(`http://${REGISTRY}/v2/`)).ok
  } catch {
    return false
  }
}

async function manifest(
  repository: string,
  reference: string
): Promise<{ config: { size: number }; layers: { size: number }[] }> {
  const response = await fetch(`http://${REGISTRY}/v2/${repository}/manifests/${reference}`, {
    headers: {
      Accept:
        'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json'
    }
  })
  expect(response.ok).toBe(true)
  return (await response.json()) as { config: { size: number }; layers: { size: number }[] }
}

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
      { context: 'node', network: 'none', tags: tag, push: 'true' },
      { GITHUB_WORKSPACE: fixtures }
    )
    expect(result.exitCode).toBe(0)
    const report: ImageReport = result.reports[0]
    expect(report.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(result.outputs.digest).toBe(report.digest)
    const pushed = await manifest('sizegate-test/node', report.digest as string)
    expect(report.compressedSource).toBe('registry')
    expect(report.layers.map(layer => layer.compressedBytes)).toEqual(
      pushed.layers.map(layer => layer.size)
    )
    expect(report.compressedBytes).toBe(
      pushed.layers.reduce((sum, layer) => sum + layer.size, 0) + pushed.config.size
    )
    // The engine's gzip and the system gzip agree within 2% on what a push stores.
    const gzipped = systemGzipSizes(report.imageId).reduce((a, b) => a + b, 0)
    expect(Math.abs(report.compressedBytes - gzipped)).toBeLessThanOrEqual(0.02 * gzipped)
  })
})
