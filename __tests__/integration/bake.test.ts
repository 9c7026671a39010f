import { beforeAll, describe, expect, it } from '@jest/globals'
import type { ReportFile } from '../../src/report/types.js'
import { runAction } from '../helpers/action.js'
import { buildxVersion, REGISTRY } from '../helpers/buildx.js'
import { docker, fixtures, makeBaseImages } from '../helpers/engine.js'
import { registryAnswers } from '../helpers/registry.js'
import { intoEngine } from '../helpers/world.js'

// A bake file with a group of two targets (inheritance, args, labels, a named
// context), resolved by buildx itself, each target built and reported.

const workspace = { GITHUB_WORKSPACE: fixtures }
const inputs = { bake: 'bake/docker-bake.hcl', network: 'none', comment: 'never', ...intoEngine }

// The bake file's base: in the engine (the docker driver reads it there) and, where
// a registry answers, in the registry (where any other builder pulls it from).
beforeAll(async () => {
  makeBaseImages('debian:12-slim')
  const base = `${REGISTRY}/sizegate-test/debian:12-slim`
  await docker('tag', 'debian:12-slim', base)
  if (await registryAnswers()) await docker('push', '-q', base)
})

describe('bake', () => {
  it('builds and reports each target of the default group', async () => {
    if (!buildxVersion()) {
      const result = await runAction(inputs, workspace)
      expect(result.exitCode).toBe(1)
      expect(result.log).toContain(
        '::error::bake: docker buildx bake --print failed (bake needs docker buildx)'
      )
      return console.log(
        'skipped: bake builds: docker buildx is not installed; checked the message instead'
      )
    }
    const result = await runAction(inputs, workspace)
    expect(result.exitCode).toBe(0)
    const reports = result.reports as ReportFile[]
    expect(reports.map(report => report.target)).toEqual(['api', 'worker'])
    // Each target's own args reached its build.
    const [api, worker] = reports
    expect(api.layers.at(-1)?.uncompressedBytes).toBe(3_000_000)
    expect(worker.layers.map(layer => layer.instruction).slice(-2)).toEqual(['COPY', 'RUN'])
    expect(api.identity?.label).toBe('id bake/api')
    const labels = JSON.parse(
      await docker('image', 'inspect', '--format', '{{json .Config.Labels}}', worker.imageId)
    ) as Record<string, string>
    expect(labels['org.example.team']).toBe('core')
    expect(result.summary).toContain('api')
    expect(result.summary).toContain('worker')
  })

  it('builds the one target asked for', async () => {
    if (!buildxVersion()) return console.log('skipped: docker buildx is not installed')
    const result = await runAction({ ...inputs, targets: 'worker' }, workspace)

    expect(result.exitCode).toBe(0)
    expect(result.reports.map(report => report.target)).toEqual(['worker'])
  })
})
