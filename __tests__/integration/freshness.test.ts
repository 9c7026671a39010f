import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import type { ReportFile } from '../../src/report/types.js'
import { runAction, runnerEnv } from '../helpers/action.js'
import { CacheServer } from '../helpers/cache-server.js'
import { makeBaseImages } from '../helpers/engine.js'
import { gitIn } from '../helpers/git.js'
import { unpushedSource } from '../helpers/world.js'

/**
 * The right baseline on the real engine: a git repository per test, push runs
 * that record main's reports in a real cache service, and PR runs that compare.
 */
const cacheServer = new CacheServer()
const REGISTRY = '127.0.0.1:5000'
const MB = 1024 * 1024
const cwd = process.cwd()
const serverUrl = process.env.GITHUB_SERVER_URL
let workspace: string
/** The git checkout: the workspace, or a folder in it. */
let repository: string
const workspaces: string[] = []

beforeAll(async () => {
  await cacheServer.start()
  makeBaseImages('debian:12-slim')
  delete process.env.GITHUB_SERVER_URL
})
afterAll(async () => {
  process.chdir(cwd)
  if (serverUrl !== undefined) process.env.GITHUB_SERVER_URL = serverUrl
  for (const folder of workspaces) rmSync(folder, { recursive: true, force: true })
  await cacheServer.stop()
})

beforeEach(() => {
  cacheServer.entries.length = 0
  workspace = mkdtempSync(path.join(tmpdir(), 'sizegate-repo-'))
  workspaces.push(workspace)
  // As on a runner: @actions/cache finds its paths from the current folder, the workspace.
  process.chdir(workspace)
  repository = workspace
  git('init', '-q', '-b', 'main')
})

function git(...args: string[]): string {
  return gitIn(repository, ...args)
}

/** Writes (or, for null, deletes) files and commits them all; returns the commit. */
function commit(files: Record<string, string | Buffer | null>, message = 'change'): string {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(repository, name)
    if (content === null) rmSync(file)
    else {
      mkdirSync(path.dirname(file), { recursive: true })
      writeFileSync(file, content)
    }
  }
  git('add', '-A')
  git('commit', '-q', '--allow-empty', '-m', message)
  return git('rev-parse', 'HEAD')
}

/** Text that compresses, the same on every run: gzip implementations differ on it. */
function text(bytes: number): string {
  let out = ''
  for (let line = 0; out.length < bytes; line++)
    out += `line ${line} of ${(line * 7919) % 104729}\n`
  return out.slice(0, bytes)
}

/** The runner's environment of a push to main at `sha`, or of PR #5 checked out at `sha`. */
function runEnv(
  event: 'push' | 'pull_request',
  sha: string,
  pr: { baseSha?: string; headSha?: string } = {}
): Record<string, string> {
  return { ...cacheServer.env(), ...runnerEnv({ event, sha, workspace, number: 5, ...pr }) }
}

const inputs = (extra: Record<string, string> = {}) => ({
  network: 'none',
  comment: 'never',
  'max-increase': '1%',
  ...extra
})

function reportFile(run: { reports: unknown[] }): ReportFile {
  return run.reports[0] as ReportFile
}

describe('the baseline of the image the PR changed', () => {
  it('compares a single-stage Dockerfile turned multi-stage with the default target of main', async () => {
    const payload = randomBytes(MB)
    const main = commit({
      'payload.bin': payload,
      Dockerfile: 'FROM debian:12-slim\nCOPY payload.bin /srv/payload.bin\n'
    })
    expect((await runAction(inputs({ baseline: 'cache' }), runEnv('push', main))).exitCode).toBe(0)
    git('checkout', '-q', '-b', 'multi-stage')
    const head = commit({
      Dockerfile: [
        'FROM debian:12-slim AS build',
        'COPY payload.bin /src/payload.bin',
        'FROM debian:12-slim AS runtime',
        'COPY --from=build /src/payload.bin /srv/payload.bin',
        ''
      ].join('\n')
    })
    for (const baseline of ['cache', 'build']) {
      const pr = await runAction(
        inputs({ baseline }),
        runEnv('pull_request', head, { baseSha: main })
      )
      expect(pr.exitCode).toBe(0)
      expect(pr.reports[0].target).toBe('runtime')
      // Compared with main's unnamed last stage: the same bytes, so about no change.
      expect(reportFile(pr).baseline?.report.target).toBe('default')
      expect(Number(pr.outputs['baseline-size'])).toBeGreaterThan(MB)
      expect(Math.abs(Number(pr.outputs.delta))).toBeLessThan(10_000)
    }
  })

  it('compares a PR checked out as a merge commit with its first parent, not an older base', async () => {
    const dockerfile = 'FROM debian:12-slim\nCOPY files/ /srv/\n'
    const start = commit({ Dockerfile: dockerfile, 'files/a.bin': randomBytes(MB) })
    git('checkout', '-q', '-b', 'feature')
    const feature = commit({ 'files/readme.txt': 'a small change\n' })
    git('checkout', '-q', 'main')
    // main moves on: another PR merged 3 MB before this one.
    const moved = commit({ 'files/b.bin': randomBytes(3 * MB) })
    for (const sha of [start, moved]) {
      git('checkout', '-q', sha)
      const push = await runAction(inputs({ baseline: 'cache' }), runEnv('push', sha))
      expect(push.exitCode).toBe(0)
    }
    // actions/checkout on pull_request: the merge commit, main as it is now its first parent.
    git('checkout', '-q', moved)
    git('merge', '-q', '--no-ff', '-m', 'merge', 'feature')
    const merge = git('rev-parse', 'HEAD')
    const pr = await runAction(
      inputs({ baseline: 'cache' }),
      runEnv('pull_request', merge, { baseSha: start, headSha: feature })
    )
    expect(pr.exitCode).toBe(0)
    const file = reportFile(pr)
    expect(file.pullRequest?.baseSha).toBe(moved)
    expect(file.baseline?.sha).toBe(moved)
    expect(Math.abs(Number(pr.outputs.delta))).toBeLessThan(10_000)
    expect(pr.outputs.exceeded).toBe('false')
  })
})

describe('a faithful build of the base commit', () => {
  it("builds the base with the head's .git, and names untracked inputs it cannot have", async () => {
    // History that makes .git large: a COPY . . copies it into both images alike.
    commit({ 'old.bin': randomBytes(2 * MB) }, 'a large file, later removed')
    commit({
      'old.bin': null,
      Dockerfile: 'FROM debian:12-slim\nCOPY . /app/\n',
      'README.md': 'one\n'
    })
    const main = git('rev-parse', 'HEAD')
    git('checkout', '-q', '-b', 'docs')
    const head = commit({ 'README.md': 'one, and a line more\n' })
    const env = runEnv('pull_request', head, { baseSha: main })
    const pr = await runAction(inputs({ baseline: 'build' }), env)
    expect(pr.exitCode).toBe(0)
    expect(reportFile(pr).baseline).toMatchObject({ source: 'build', sha: main, untracked: [] })
    // The base image holds .git too: its history's 2 MB are in both.
    expect(Number(pr.outputs['baseline-size'])).toBeGreaterThan(2 * MB)
    expect(Math.abs(Number(pr.outputs.delta))).toBeLessThan(10_000)

    // An earlier step generated dist/: the head's context has it, a build from git cannot.
    mkdirSync(path.join(workspace, 'dist'))
    writeFileSync(path.join(workspace, 'dist', 'bundle.bin'), randomBytes(MB))
    const generated = await runAction(inputs({ baseline: 'build' }), env)
    expect(generated.exitCode).toBe(0)
    expect(reportFile(generated).baseline?.untracked).toEqual(['dist/'])
    expect(Number(generated.outputs.delta)).toBeGreaterThan(MB)
    expect(generated.outputs.exceeded).toBe('false')
    expect(generated.log).toContain(
      "not judged against the max-increase: the base was built from git without what this build's context has untracked: dist/"
    )
  })

  it('finds a checkout in a subfolder of the workspace (checkout path:) and builds its base there', async () => {
    repository = path.join(workspace, 'app')
    mkdirSync(repository)
    git('init', '-q', '-b', 'main')
    const main = commit({
      'payload.bin': randomBytes(MB),
      Dockerfile: 'FROM debian:12-slim\nCOPY payload.bin /srv/payload.bin\n'
    })
    git('checkout', '-q', '-b', 'docs')
    const head = commit({ 'README.md': 'not in the image\n' })
    const pr = await runAction(
      inputs({ baseline: 'build', context: 'app' }),
      runEnv('pull_request', head, { baseSha: main })
    )
    expect(pr.exitCode).toBe(0)
    expect(reportFile(pr).baseline).toMatchObject({ source: 'build', sha: main })
    expect(reportFile(pr).baseline?.report.identity).toEqual(pr.reports[0].identity)
    expect(pr.outputs.delta).toBe('0')
  })
})

describe('what changed by path', () => {
  it('shows a swapped dependency folder: what appeared, grew and vanished, with sizes and lines', async () => {
    const install = (packages: [string, number][]) =>
      packages
        .map(
          ([name, mb]) =>
            `mkdir -p node_modules/${name} && head -c ${mb}000000 /dev/urandom > node_modules/${name}/index.js`
        )
        .join(' && ')
    const dockerfile = (packages: [string, number][]) =>
      `FROM debian:12-slim\nWORKDIR /app\nRUN ${install(packages)}\nUSER 65534\n`
    const main = commit({
      Dockerfile: dockerfile([
        ['express', 6],
        ['lodash', 2]
      ])
    })
    expect((await runAction(inputs({ baseline: 'cache' }), runEnv('push', main))).exitCode).toBe(0)
    git('checkout', '-q', '-b', 'typescript')
    const head = commit({
      Dockerfile: dockerfile([
        ['typescript', 25],
        ['lodash', 3]
      ])
    })
    const pr = await runAction(
      inputs({ baseline: 'cache', 'max-increase': '' }),
      runEnv('pull_request', head, { baseSha: main })
    )
    expect(pr.exitCode).toBe(0)
    const body = pr.outputs['comment-body']
    expect(body).toContain('what changed by path, most in /app/node&#95;modules (+20.0 MB)')
    expect(body).toContain(
      '- <code>/app/node&#95;modules</code> +20.0 MB (Dockerfile:3): <code>typescript</code> +25.0 MB (new, Dockerfile:3), <code>express</code> -6.0 MB (gone, Dockerfile:3), <code>lodash</code> +1.0 MB (Dockerfile:3)'
    )
  })
})

describe("main's trend", () => {
  it("three pushes then a PR give a chart of three points and the PR's", async () => {
    const dockerfile = 'FROM debian:12-slim\nCOPY files/ /srv/\nUSER 65534\n'
    const pushes: string[] = []
    for (let index = 1; index <= 3; index++) {
      const sha = commit({ Dockerfile: dockerfile, [`files/${index}.bin`]: randomBytes(MB) })
      const push = await runAction(inputs({ baseline: 'cache' }), runEnv('push', sha))
      expect(push.exitCode).toBe(0)
      // Each push's report carries the ones before it.
      expect(reportFile(push).trend.map(point => point.commit)).toEqual(pushes)
      pushes.push(sha)
    }
    git('checkout', '-q', '-b', 'grow')
    const head = commit({ 'files/big.bin': randomBytes(4 * MB) })
    const pr = await runAction(
      inputs({ baseline: 'cache', 'max-increase': '' }),
      runEnv('pull_request', head, { baseSha: pushes[2] })
    )
    expect(pr.exitCode).toBe(0)
    const body = pr.outputs['comment-body']
    const chart = /```mermaid\n([\s\S]*?)```/.exec(body)?.[1] ?? ''
    const labels = pushes.map(sha => `"${sha.slice(0, 7)}"`)
    expect(chart).toContain(`x-axis [${labels.join(', ')}, "this PR"]`)
    const line = /line \[([^\]]*)\]/.exec(chart)?.[1].split(', ').map(Number) ?? []
    expect(line).toHaveLength(4)
    // main grew by 1 MB a push; the PR by 4 MB more.
    expect(line[1] - line[0]).toBeCloseTo(1.05, 1)
    expect(line[3] - line[2]).toBeCloseTo(4.2, 1)
  })
})

describe('an image new in the pull request', () => {
  it('is called new, not "no baseline", when the base commit was built and has none', async () => {
    const main = commit({ 'README.md': 'no image yet\n' })
    git('checkout', '-q', '-b', 'containerize')
    const head = commit({
      'payload.bin': randomBytes(MB),
      Dockerfile: 'FROM debian:12-slim\nCOPY payload.bin /srv/payload.bin\nUSER 65534\n'
    })
    const pr = await runAction(
      inputs({ baseline: 'build' }),
      runEnv('pull_request', head, { baseSha: main })
    )
    expect(pr.exitCode).toBe(0)
    expect(pr.outputs['comment-body']).toMatch(/\| default \| – \| [\d.]+ MB \| new target \|/)
    expect(pr.outputs['comment-body']).toContain(
      '<code>main</code> has none of these images: they are new in this pull request.'
    )
  })
})

describe('a baseline recorded from a push', () => {
  let registry = false
  beforeAll(async () => {
    registry = await fetch(`http://${REGISTRY}/v2/`).then(
      response => response.ok,
      () => false
    )
    // scripts/registry.sh starts one; CI must not pass without it.
    if (!registry && process.env.CI) throw new Error(`no registry answers on ${REGISTRY}`)
  })

  it('shows no phantom change for an unchanged image that is not pushed', async () => {
    if (!registry)
      return console.warn(`skipped: no registry on ${REGISTRY} (run scripts/registry.sh)`)
    const main = commit({
      'app.txt': text(4 * MB),
      Dockerfile: 'FROM debian:12-slim\nCOPY app.txt /srv/app.txt\n'
    })
    const push = await runAction(
      inputs({ baseline: 'cache', push: 'true', tags: `${REGISTRY}/sizegate-test/fresh:main` }),
      runEnv('push', main)
    )
    expect(push.exitCode).toBe(0)
    const recorded = push.reports[0]
    expect(recorded.compressedSource).toBe('registry')

    git('checkout', '-q', '-b', 'readme')
    const head = commit({ 'README.md': 'not in the image\n' })
    const pr = await runAction(
      inputs({ baseline: 'cache', 'max-increase': '1 B' }),
      runEnv('pull_request', head, { baseSha: main })
    )
    expect(pr.exitCode).toBe(0)
    expect(pr.reports[0].compressedSource).toBe(unpushedSource)
    if (unpushedSource === 'archive') {
      // A builder's export or the containerd store hold the very blobs a push stores.
      expect(pr.outputs.delta).toBe('0')
      expect(pr.outputs['baseline-size']).toBe(String(recorded.compressedBytes))
      return
    }
    // The registry's count and the gzip estimate differ: comparing them would show a change.
    expect(recorded.estimatedBytes).not.toBeNull()
    expect(recorded.estimatedBytes).not.toBe(recorded.compressedBytes)
    expect(pr.outputs.delta).toBe('0')
    expect(pr.outputs['baseline-size']).toBe(String(recorded.estimatedBytes))
    expect(pr.outputs['comment-body']).toContain(
      "Compressed sizes: estimated on both sides, each layer gzipped at level 6 as `gzip -6` does; Docker 28's own push (classic image store) stores about 3% more."
    )
  })
})
