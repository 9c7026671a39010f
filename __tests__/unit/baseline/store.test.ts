import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { findBaselines } from '../../../src/baseline/index.js'
import { reportKey, restoreBaseline, saveBaseline } from '../../../src/baseline/store.js'
import { parseReport } from '../../../src/report/parse.js'
import { compareTargets } from '../../../src/report/compare.js'
import { judge } from '../../../src/report/gate.js'
import {
  type IdentityInput,
  type ImageIdentity,
  imageIdentity
} from '../../../src/report/identity.js'
import type { ImageReport } from '../../../src/report/types.js'
import { CacheServer } from '../../helpers/cache-server.js'
import { captureStdout } from '../../helpers/process.js'
import { sampleReport } from '../../helpers/reports.js'
import { actionLog } from '../../../src/action/log.js'
import { useLog } from '../../../src/log.js'

// These tests call the core directly and read what it says as the action says it.
useLog(actionLog)

const server = new CacheServer()
let workspace: string
const saved: Record<string, string | undefined> = {}
const cwd = process.cwd()
const write = process.stdout.write.bind(process.stdout)

beforeAll(async () => {
  await server.start()
  workspace = mkdtempSync(path.join(tmpdir(), 'sizegate-ws-'))
  const env = {
    ...server.env(),
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: path.join(workspace, '.temp')
  }
  for (const [name, value] of Object.entries(env)) {
    saved[name] = process.env[name]
    process.env[name] = value
  }
  saved.GITHUB_SERVER_URL = process.env.GITHUB_SERVER_URL
  delete process.env.GITHUB_SERVER_URL
  // As on a runner: @actions/cache globs from the current folder and tars from the workspace.
  process.chdir(workspace)
  // @actions/cache logs every request as a ::debug:: line; keep the test output readable.
  process.stdout.write = (() => true) as typeof process.stdout.write
})

afterAll(async () => {
  process.stdout.write = write
  process.chdir(cwd)
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  rmSync(workspace, { recursive: true, force: true })
  await server.stop()
})

beforeEach(() => {
  server.entries.length = 0
  server.refuseWith = undefined
})

const location = () => ({ workspace })
const identity = (overrides: Partial<IdentityInput> = {}) =>
  imageIdentity({
    dockerfile: 'Dockerfile',
    context: '.',
    target: 'production',
    platform: 'linux/amd64',
    buildArgs: {},
    ...overrides
  })
const report = (commit: string, bytes: number, id = identity()): ImageReport => ({
  ...sampleReport(),
  identity: id,
  commit,
  compressedBytes: bytes
})
const restore = (sha: string, branch = 'main', id = identity()) =>
  restoreBaseline(location(), id, branch, sha, 'production')

describe('the baseline store on a real @actions/cache', () => {
  it('saves on push and restores on a PR by the base SHA', async () => {
    expect(await saveBaseline(location(), report('aaa111', 100), 'main', 'aaa111')).toBe(true)
    expect(await saveBaseline(location(), report('bbb222', 200), 'main', 'bbb222')).toBe(true)
    const found = await restore('aaa111')
    expect(found?.report).toMatchObject({ commit: 'aaa111', compressedBytes: 100 })
    expect(found?.key).toBe(reportKey(identity(), 'main', 'aaa111'))
    expect(found?.match).toBe('exact')
  })

  it('falls back to the newest report of the branch, and says it is another commit', async () => {
    await saveBaseline(location(), report('aaa111', 100), 'main', 'aaa111')
    await saveBaseline(location(), report('bbb222', 200), 'main', 'bbb222')
    await saveBaseline(location(), report('ccc333', 300), 'main-2', 'ccc333')
    const found = await restore('not-saved')
    expect(found?.report).toMatchObject({ commit: 'bbb222', compressedBytes: 200 })
    expect(found?.match).toBe('other-commit')
  })

  it('never takes a branch whose name starts with the base branch for it', async () => {
    await saveBaseline(location(), report('ccc333', 300), 'release-2', 'ccc333')
    expect(await restore('ccc333', 'release')).toBeUndefined()
    expect(reportKey(identity(), 'release', 'x')).not.toContain('release')
  })

  it('keeps images apart: targets, Dockerfiles, contexts, platforms', async () => {
    await saveBaseline(location(), report('aaa111', 100), 'main', 'aaa111')
    for (const other of [
      { target: 'debug' },
      { platform: 'linux/arm64' },
      { context: 'services/api' },
      { dockerfile: 'web/Dockerfile' }
    ])
      expect(await restore('aaa111', 'main', identity(other))).toBeUndefined()
  })

  it('takes the same image built with other build args last, and says so', async () => {
    const leg18 = identity({ buildArgs: { NODE_VERSION: '18' } })
    const leg20 = identity({ buildArgs: { NODE_VERSION: '20' } })
    await saveBaseline(location(), report('aaa111', 100, leg18), 'main', 'aaa111')
    expect((await restore('aaa111', 'main', leg20))?.match).toBe('other-build-args')
    await saveBaseline(location(), report('aaa111', 200, leg20), 'main', 'aaa111')
    const exact = await restore('aaa111', 'main', leg20)
    expect(exact).toMatchObject({ match: 'exact', report: { compressedBytes: 200 } })
  })

  it('misses quietly when the branch has no report', async () => {
    expect(await restore('aaa111')).toBeUndefined()
  })

  it('warns and goes on when the service refuses', async () => {
    server.refuseWith = 403
    const log = await captureStdout(async () => {
      expect(await saveBaseline(location(), report('aaa111', 100), 'main', 'aaa111')).toBe(false)
      expect(await restore('aaa111')).toBeUndefined()
    })
    expect(log).toMatch(/::warning::.*(refused|403)/)
  })

  it('says what is wrong with a text that is not a report', () => {
    expect(parseReport('{"schema": 3}')).toEqual({
      ok: false,
      problem: expect.stringMatching(/^is not a valid sizegate report \(schema:/)
    })
    expect(parseReport('not json')).toEqual({
      ok: false,
      problem: expect.stringMatching(/^is not JSON/)
    })
  })

  it('treats a cached file that is not a valid report as missing, with a warning', async () => {
    const broken = { ...report('aaa111', 100), schema: 3 } as unknown as ImageReport
    const log = await captureStdout(async () => {
      expect(await saveBaseline(location(), broken, 'main', 'aaa111')).toBe(true)
      expect(await restore('aaa111')).toBeUndefined()
    })
    expect(log).toMatch(
      /::warning::The cached report sizegate-report-v2-\S+ is not a valid sizegate report \(schema:.*; it is treated as missing\./
    )
  })
})

describe('images a PR no longer builds', () => {
  const web = identity({ target: 'web' })
  const worker = identity({ target: 'worker' })
  const builtWith = [
    { target: 'web', identity: web },
    { target: 'worker', identity: worker }
  ]
  const of = (target: string, id: ImageIdentity, commit: string, bytes: number): ImageReport => ({
    ...report(commit, bytes, id),
    target,
    builtWith
  })
  const lookup = (heads: ImageReport[]) => ({
    mode: 'cache' as const,
    heads,
    pullRequest: { number: 1, baseRef: 'main', baseSha: 'aaa111', headSha: 'bbb222' },
    workspace,
    buildBase: () => Promise.reject(new Error('not in this test'))
  })

  it('reports a target dropped from `targets` as removed, from what the base step built', async () => {
    await saveBaseline(location(), of('web', web, 'aaa111', 100), 'main', 'aaa111')
    await saveBaseline(location(), of('worker', worker, 'aaa111', 50), 'main', 'aaa111')
    const head = { ...of('web', web, 'bbb222', 100), builtWith: [builtWith[0]] }
    const found = await findBaselines(lookup([head]))
    expect(found.byIdentity.get(web.key)?.report.target).toBe('web')
    expect(found.removed.map(item => item.target)).toEqual(['worker'])
    const comparisons = compareTargets(
      [head],
      [found.byIdentity.get(web.key)!.report, ...found.removed]
    )
    expect(comparisons.map(item => [item.target, item.status])).toEqual([
      ['web', 'compared'],
      ['worker', 'removed']
    ])
    expect(judge(comparisons[1], { metric: 'compressed' }).sentence).toBe(
      'worker is no longer built.'
    )
  })

  it('finds nothing removed while the step builds every image it built', async () => {
    await saveBaseline(location(), of('web', web, 'aaa111', 100), 'main', 'aaa111')
    await saveBaseline(location(), of('worker', worker, 'aaa111', 50), 'main', 'aaa111')
    const heads = [of('web', web, 'bbb222', 100), of('worker', worker, 'bbb222', 50)]
    expect((await findBaselines(lookup(heads))).removed).toEqual([])
  })
})
