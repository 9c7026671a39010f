import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runAction, runnerEnv } from '../helpers/action.js'
import { CacheServer } from '../helpers/cache-server.js'
import { fixtures, makeBaseImages } from '../helpers/engine.js'

const cacheServer = new CacheServer()
const MB = 1024 * 1024

const cwd = process.cwd()
const serverUrl = process.env.GITHUB_SERVER_URL

beforeAll(async () => {
  await cacheServer.start()
  makeBaseImages('debian:12-slim')
  // As on a runner: @actions/cache finds its paths from the current folder, the workspace.
  process.chdir(fixtures)
  delete process.env.GITHUB_SERVER_URL
})
afterAll(async () => {
  process.chdir(cwd)
  if (serverUrl !== undefined) process.env.GITHUB_SERVER_URL = serverUrl
  await cacheServer.stop()
})

/** The runner's environment of a push to main, or of a PR whose base is main at `baseSha`. */
function runEnv(
  event: 'push' | 'pull_request',
  sha: string,
  baseSha: string
): Record<string, string> {
  return {
    ...cacheServer.env(),
    ...runnerEnv({ event, sha, baseSha, workspace: fixtures, number: 3 })
  }
}

describe('a matrix over a build arg: each leg is its own image', () => {
  const legs = ['0', '20']
  const inputs = (extra: string) => ({
    context: 'matrix',
    network: 'none',
    'build-args': `EXTRA_MB=${extra}`,
    baseline: 'cache',
    'max-increase': '10%',
    comment: 'never'
  })

  it('gives each unchanged PR leg a change of about 0, from its own baseline', async () => {
    for (const extra of legs) {
      const pushed = await runAction(inputs(extra), runEnv('push', 'a'.repeat(40), ''))
      expect(pushed.exitCode).toBe(0)
    }
    // One baseline per leg, and where the builder exports the gha cache, one scope per leg.
    expect(cacheServer.reportKeys()).toHaveLength(2)
    expect([0, 2]).toContain(cacheServer.buildkitIndexes().length)
    const scopes = new Set<string>()
    for (const extra of legs) {
      const pr = await runAction(
        inputs(extra),
        runEnv('pull_request', 'b'.repeat(40), 'a'.repeat(40))
      )
      expect(pr.exitCode).toBe(0)
      const [report] = pr.reports
      expect(report.identity?.label).toContain(`EXTRA_MB=${extra}`)
      scopes.add(report.identity?.key ?? '')
      const base = Number(pr.outputs['baseline-size'])
      expect(base).toBeGreaterThan(Number(extra) * MB)
      expect(base).toBeLessThan((Number(extra) + 12) * MB)
      expect(Math.abs(Number(pr.outputs.delta))).toBeLessThan(100_000)
      expect(pr.outputs.exceeded).toBe('false')
    }
    expect(scopes.size).toBe(2)
  })

  it('compares a new leg with a sibling leg, says which build args differ, and does not gate it', async () => {
    const pr = await runAction(inputs('5'), runEnv('pull_request', 'b'.repeat(40), 'a'.repeat(40)))
    expect(pr.exitCode).toBe(0)
    expect(pr.log).toMatch(
      /not judged against the max-increase: the baseline was built with EXTRA_MB=(0|20)/
    )
    expect(pr.outputs.exceeded).toBe('false')
  })
})
