import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile, execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { CacheServer } from '../helpers/cache-server.js'
import { fixtures, makeBaseImages, repoRoot } from '../helpers/engine.js'
import { GitHubServer, pullRequestOf } from '../helpers/github-server.js'

const cacheServer = new CacheServer()
const gitHub = new GitHubServer()
let workspace: string
let mainSha: string
let prSha: string
const regressionLine = 'COPY --from=builder /app/dist/video.bin ./dist/video.bin'

function git(...args: string[]): string {
  return execFileSync('git', ['-C', workspace, ...args], { encoding: 'utf8' }).trim()
}

interface Run {
  code: number
  stdout: string
  outputs: string
  /** The report files the run wrote, read before its temp folder goes. */
  reports: string[]
  summary: string
}

/** Runs the bundled action as the runner does: a node process with inputs in its environment. */
async function action(
  event: 'push' | 'pull_request',
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {}
): Promise<Run> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sizegate-e2e-'))
  const files = {
    GITHUB_OUTPUT: path.join(dir, 'out'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    GITHUB_EVENT_PATH: path.join(dir, 'event.json')
  }
  writeFileSync(files.GITHUB_OUTPUT, '')
  writeFileSync(files.GITHUB_STEP_SUMMARY, '')
  const pr = { number: 7, base: { ref: 'main', sha: mainSha }, head: { sha: prSha } }
  writeFileSync(
    files.GITHUB_EVENT_PATH,
    JSON.stringify(event === 'pull_request' ? { pull_request: pr } : {})
  )
  const env: NodeJS.ProcessEnv = { ...process.env, ...cacheServer.env(), ...files }
  delete env.GITHUB_SERVER_URL
  Object.assign(env, {
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: dir,
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_API_URL: gitHub.url,
    GITHUB_EVENT_NAME: event,
    GITHUB_SHA: event === 'push' ? mainSha : prSha,
    GITHUB_REF: event === 'push' ? 'refs/heads/main' : 'refs/pull/7/merge',
    INPUT_NETWORK: 'none',
    'INPUT_GITHUB-TOKEN': 'test-token',
    GITHUB_WORKFLOW: 'image',
    GITHUB_JOB: 'build',
    ...extraEnv
  })
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const result = await new Promise<Run>(resolve => {
    execFile(
      'node',
      [path.join(repoRoot, 'dist', 'index.js')],
      { cwd: workspace, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => {
        const outputs = readFileSync(files.GITHUB_OUTPUT, 'utf8')
        const paths = /^report<<(\S+)\n([\s\S]*?)\n\1$/m.exec(outputs)?.[2].split('\n') ?? []
        resolve({
          code: error ? Number(error.code) : 0,
          stdout,
          outputs,
          reports: paths.map(file => readFileSync(file, 'utf8')),
          summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')
        })
      }
    )
  })
  rmSync(dir, { recursive: true, force: true })
  return result
}

beforeAll(async () => {
  await cacheServer.start()
  await gitHub.start()
  makeBaseImages('node:20-slim')
  workspace = mkdtempSync(path.join(tmpdir(), 'sizegate-repo-'))
  cpSync(path.join(fixtures, 'node'), workspace, { recursive: true })
  rmSync(path.join(workspace, 'Dockerfile.regression'))
  git('init', '-q', '-b', 'main')
  git('-c', 'user.email=t@example.test', '-c', 'user.name=t', 'add', '.')
  git('-c', 'user.email=t@example.test', '-c', 'user.name=t', 'commit', '-qm', 'service')
  mainSha = git('rev-parse', 'HEAD')
  cpSync(path.join(fixtures, 'node', 'Dockerfile.regression'), path.join(workspace, 'Dockerfile'))
  git('-c', 'user.email=t@example.test', '-c', 'user.name=t', 'commit', '-qam', 'ship the video')
  prSha = git('rev-parse', 'HEAD')
  gitHub.pullRequest = pullRequestOf(7, prSha, mainSha)
})

afterAll(async () => {
  rmSync(workspace, { recursive: true, force: true })
  await cacheServer.stop()
  await gitHub.stop()
})

describe('node dist/index.js end to end: push records, a PR is compared, commented and gated', () => {
  const line = () =>
    readFileSync(path.join(workspace, 'Dockerfile'), 'utf8').split('\n').indexOf(regressionLine) + 1

  it('a push to main saves the baseline', async () => {
    git('checkout', '-q', mainSha)
    const run = await action('push', {})
    git('checkout', '-q', prSha)
    expect(run.code).toBe(0)
    expect(cacheServer.reportKeys()).toEqual([
      expect.stringMatching(
        new RegExp(`^sizegate-report-v2-[0-9a-f]{16}-[0-9a-f]{12}-[0-9a-f]{16}-${mainSha}$`)
      )
    ])
    expect(run.stdout).toContain('Saved the report of production as the baseline of main')
  })

  it('a PR that ships 20 MB more fails under max-increase 10%, 5MB, after commenting', async () => {
    const run = await action('pull_request', { 'max-increase': '10%, 5MB' })
    expect(run.code).toBe(1)
    expect(gitHub.comments).toHaveLength(1)
    const body = gitHub.comments[0].body
    expect(body).toMatch(
      /\| production \| [\d.]+ MB \| [\d.]+ MB \| \+2\d\.\d MB \(\+\d+\.\d%\) 🆘 \|/
    )
    // The line as written, linked to the PR's head commit; the path that grew, with its line.
    const link = `https://github.com/o/r/blob/${prSha}/Dockerfile#L${line()}`
    expect(body).toMatch(
      new RegExp(
        `\\[Dockerfile:${line()}\\]\\(${link}\\) <code>COPY --from=builder /app/dist/video.bin ./dist/video.bin</code> \\| production \\| – \\| 2\\d\\.\\d MB \\| \\+2\\d\\.\\d MB \\(added\\)`
      )
    )
    expect(body).toMatch(
      new RegExp(
        `- <code>/app/dist/video.bin</code> \\+2\\d\\.\\d MB \\(new, Dockerfile:${line()}\\)`
      )
    )
    expect(body).toContain(
      `Baseline: <code>main</code> at <code>${mainSha.slice(0, 7)}</code>, recorded`
    )
    expect(run.stdout).toMatch(
      /::error::Size limit crossed: production grew by 2\d\.\d MB .*over the max-increase of 10%25 and 5\.0 MB\./
    )
    expect(run.outputs).toMatch(/exceeded<<\S+\ntrue\n/)
    expect(run.outputs).toMatch(
      /comment-url<<\S+\nhttps:\/\/github\.test\/o\/r\/pull\/7#issuecomment-\d+\n/
    )
  })

  it('passes under max-increase 10%, 50MB and updates the same comment', async () => {
    const run = await action('pull_request', { 'max-increase': '10%, 50MB' })
    expect(run.code).toBe(0)
    expect(gitHub.comments).toHaveLength(1)
    expect(gitHub.comments[0].body).toContain('within the max-increase of 10% and 50.0 MB')
    expect(run.outputs).toMatch(/exceeded<<\S+\nfalse\n/)
  })

  it('with the cache refusing, it warns and the comment says there is no baseline', async () => {
    cacheServer.refuseWith = 403
    const run = await action('pull_request', { baseline: 'cache', 'max-increase': '10%, 5MB' })
    cacheServer.refuseWith = undefined
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/::warning::Failed to restore/)
    expect(gitHub.comments[0].body).toContain('No baseline of <code>main</code> was found')
  })

  it('with the cache stalling, the step gives up within its bounds, warns, and has no baseline', async () => {
    cacheServer.stall = true
    const started = Date.now()
    const run = await action('pull_request', { baseline: 'cache', 'max-increase': '10%, 5MB' })
    cacheServer.stall = false
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      '::warning::The cache could not be read for the baseline of production: the cache service did not answer within 30 s'
    )
    expect(gitHub.comments[0].body).toContain('No baseline of <code>main</code> was found')
    // The build's probe of the service (10 s, where the builder would use it) and the
    // baseline's lookup (30 s) each wait once; nothing holds the process after.
    expect(Date.now() - started).toBeLessThan(75_000)
  }, 120_000)

  it('baseline: build measures the base commit from a checkout of its own', async () => {
    const run = await action('pull_request', { baseline: 'build', 'max-increase': '10%, 5MB' })
    expect(run.code).toBe(1)
    expect(gitHub.comments[0].body).toContain(
      `Baseline: <code>main</code> at <code>${mainSha.slice(0, 7)}</code>, built for this comparison`
    )
    expect(gitHub.comments[0].body).toMatch(/\+2\d\.\d MB \(added\)/)
    expect(git('worktree', 'list')).not.toContain('sizegate-base-')
  })

  it('two workflows for fork PRs: the PR run uploads its report, mode: comment posts it and gates', async () => {
    gitHub.comments = []
    const build = await action('pull_request', { comment: 'never', 'max-increase': '10%, 50MB' })
    expect(build.code).toBe(0)
    expect(gitHub.comments).toHaveLength(0)
    const artifact = mkdtempSync(path.join(tmpdir(), 'sizegate-artifact-'))
    writeFileSync(path.join(artifact, 'production.json'), build.reports[0])
    const post = await action('push', {
      mode: 'comment',
      report: artifact,
      'max-increase': '10%, 5MB'
    })
    expect(post.code).toBe(1)
    expect(gitHub.comments).toHaveLength(1)
    expect(gitHub.comments[0].body).toContain('| production |')
    expect(gitHub.comments[0].body).toMatch(/\+2\d\.\d MB \(added\)/)
    expect(gitHub.requests).toContain('GET /repos/o/r/pulls/7')

    gitHub.pullRequest = pullRequestOf(7, 'f'.repeat(40), mainSha)
    const stale = await action('push', {
      mode: 'comment',
      report: path.join(artifact, 'production.json')
    })
    gitHub.pullRequest = pullRequestOf(7, prSha, mainSha)
    expect(stale.code).toBe(0)
    expect(stale.stdout).toContain(
      `::warning::The report is of ${prSha.slice(0, 7)}, but pull request #7 is at fffffff: not commenting.`
    )
    expect(gitHub.comments).toHaveLength(1)
    rmSync(artifact, { recursive: true, force: true })
  })

  it('a read-only token (fork PR) warns, still writes comment-body, and the gate decides alone', async () => {
    gitHub.writeStatus = 403
    const run = await action('pull_request', { 'max-increase': '10%, 50MB' })
    gitHub.writeStatus = undefined
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      '::warning::Could not comment on pull request #7: the token may not do this (403'
    )
    expect(run.outputs).toMatch(/comment-body<<\S+\n<!-- sizegate:[0-9a-f]{12} -->/)
    expect(run.summary).toContain('| production |')
    expect(run.summary).toContain('within the max-increase of 10% and 50.0 MB')
  })

  it('another job building the same targets keeps a comment of its own', async () => {
    const before = gitHub.comments.length
    const run = await action('pull_request', {}, { GITHUB_JOB: 'build-arm' })
    expect(run.code).toBe(0)
    expect(gitHub.comments).toHaveLength(before + 1)
    await action('pull_request', {}, { GITHUB_JOB: 'build-arm' })
    expect(gitHub.comments).toHaveLength(before + 1)
  })
})
