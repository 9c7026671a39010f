import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { branchKey, parseReport, restoreBaseline, saveBaseline } from '../src/baseline/store.js'
import type { ImageReport } from '../src/report/types.js'
import { CacheServer } from './helpers/cache-server.js'
import { captureStdout } from './helpers/process.js'
import { sampleReport } from './helpers/reports.js'

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
const report = (commit: string, bytes: number): ImageReport => ({
  ...sampleReport(),
  commit,
  compressedBytes: bytes
})

describe('the baseline store on a real @actions/cache', () => {
  it('saves on push and restores on a PR by the base SHA', async () => {
    expect(await saveBaseline(location(), report('aaa111', 100), 'main', 'aaa111')).toBe(true)
    expect(await saveBaseline(location(), report('bbb222', 200), 'main', 'bbb222')).toBe(true)
    const found = await restoreBaseline(location(), sampleReport(), 'main', 'aaa111')
    expect(found?.report).toMatchObject({ commit: 'aaa111', compressedBytes: 100 })
    expect(found?.key).toBe(`${branchKey(sampleReport(), 'main')}aaa111`)
  })

  it('falls back to the newest report of the branch', async () => {
    await saveBaseline(location(), report('aaa111', 100), 'main', 'aaa111')
    await saveBaseline(location(), report('bbb222', 200), 'main', 'bbb222')
    await saveBaseline(location(), report('ccc333', 300), 'release', 'ccc333')
    const found = await restoreBaseline(location(), sampleReport(), 'main', 'not-saved')
    expect(found?.report).toMatchObject({ commit: 'bbb222', compressedBytes: 200 })
  })

  it('keeps targets, Dockerfiles and platforms apart', async () => {
    await saveBaseline(location(), report('aaa111', 100), 'main', 'aaa111')
    expect(
      await restoreBaseline(location(), { ...sampleReport(), target: 'debug' }, 'main', 'aaa111')
    ).toBeUndefined()
    expect(
      await restoreBaseline(
        location(),
        { ...sampleReport(), platform: 'linux/arm64' },
        'main',
        'aaa111'
      )
    ).toBeUndefined()
  })

  it('misses quietly when the branch has no report', async () => {
    expect(await restoreBaseline(location(), sampleReport(), 'main', 'aaa111')).toBeUndefined()
  })

  it('warns and goes on when the service refuses', async () => {
    server.refuseWith = 403
    const log = await captureStdout(async () => {
      expect(await saveBaseline(location(), report('aaa111', 100), 'main', 'aaa111')).toBe(false)
      expect(await restoreBaseline(location(), sampleReport(), 'main', 'aaa111')).toBeUndefined()
    })
    expect(log).toMatch(/::warning::.*(refused|403)/)
  })

  it('treats a cached file that is not a valid report as missing, with a warning', async () => {
    const log = await captureStdout(async () => {
      expect(parseReport('{"schema": 2}', 'report.json')).toBeUndefined()
      expect(parseReport('not json', 'report.json')).toBeUndefined()
    })
    expect(log).toContain('::warning::report.json is not a valid sizegate report (schema:')
    expect(log).toContain('::warning::report.json is not JSON')
  })
})
