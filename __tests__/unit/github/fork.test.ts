import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { saveBaseline } from '../../../src/baseline/store.js'
import { statusFor } from '../../../src/github/status.js'
import type { ImageReport, ReportFile } from '../../../src/report/types.js'
import { runAction } from '../../helpers/action.js'
import { CacheServer } from '../../helpers/cache-server.js'
import { GitHubServer, pullRequestOf } from '../../helpers/github-server.js'
import { captureStdout, withEnv } from '../../helpers/process.js'
import { sampleReport } from '../../helpers/reports.js'
import { actionLog } from '../../../src/action/log.js'
import { useLog } from '../../../src/log.js'

// These tests call the core directly and read what it says as the action says it.
useLog(actionLog)

/**
 * The second workflow of the fork recipe: a `workflow_run` job posts the report a
 * fork's PR run uploaded. The real @actions/github client talks to a local REST
 * server, the real @actions/cache to a local cache service.
 */
const gitHub = new GitHubServer()
const cacheServer = new CacheServer()
const MB = 1_000_000
const cwd = process.cwd()
const serverUrl = process.env.GITHUB_SERVER_URL
let workspace: string

/** The fork's PR: #12 from evil/r's branch patch; main's commit it was built on. */
const forkHead = 'f'.repeat(40)
const mainSha = 'a'.repeat(40)
/** Someone else's open PR, whose number and head anyone can read. */
const otherHead = 'b'.repeat(40)

beforeAll(async () => {
  await gitHub.start()
  await cacheServer.start()
  workspace = mkdtempSync(path.join(tmpdir(), 'sizegate-comment-ws-'))
  // As on a runner: @actions/cache finds its paths from the current folder, the workspace.
  process.chdir(workspace)
  delete process.env.GITHUB_SERVER_URL
})
afterAll(async () => {
  process.chdir(cwd)
  if (serverUrl !== undefined) process.env.GITHUB_SERVER_URL = serverUrl
  rmSync(workspace, { recursive: true, force: true })
  await gitHub.stop()
  await cacheServer.stop()
})
beforeEach(() => {
  gitHub.comments = []
  gitHub.statuses = []
  gitHub.labels = []
  gitHub.events = []
  gitHub.statusRefusal = undefined
  gitHub.userEndpoint = 'forbidden'
  gitHub.viewerEndpoint = 'forbidden'
  gitHub.login = 'github-actions[bot]'
  gitHub.pullRequests = [
    pullRequestOf(3, otherHead, mainSha, 'o/r', 'someone-elses-work'),
    pullRequestOf(12, forkHead, mainSha, 'evil/r', 'patch')
  ]
  cacheServer.entries.length = 0
})

/** A report as the fork's PR run would upload it, saying what it likes. */
function artifact(
  claims: { number: number; headSha: string; bytes: number; baselineBytes?: number },
  job = 'image/build'
): string {
  const base = sampleReport({ compressedBytes: claims.baselineBytes ?? 0, commit: mainSha })
  const file: ReportFile = {
    ...sampleReport({ compressedBytes: claims.bytes, commit: claims.headSha }),
    job,
    pullRequest: {
      number: claims.number,
      baseRef: 'main',
      baseSha: mainSha,
      headSha: claims.headSha
    },
    baseline:
      claims.baselineBytes === undefined
        ? null
        : {
            source: 'cache',
            ref: 'main',
            sha: mainSha,
            createdAt: base.createdAt,
            expectedSha: mainSha,
            untracked: [],
            report: base
          },
    removed: [],
    newInPullRequest: false,
    update: null,
    creep: null
  }
  const folder = mkdtempSync(path.join(tmpdir(), 'sizegate-artifact-'))
  mkdirSync(folder, { recursive: true })
  writeFileSync(path.join(folder, 'production.sizegate.json'), JSON.stringify(file))
  // buildx's metadata file, which a broad upload glob catches beside the report.
  writeFileSync(
    path.join(folder, 'production.metadata.json'),
    JSON.stringify({ 'buildx.build.ref': 'b/b/x', 'containerimage.digest': 'sha256:0' })
  )
  return folder
}

/** The environment of the workflow_run job, triggered by the fork's run of `image`. */
function workflowRunEnv(headSha = forkHead): Record<string, string> {
  const eventFile = path.join(mkdtempSync(path.join(tmpdir(), 'sizegate-event-')), 'event.json')
  const run = {
    head_sha: headSha,
    head_branch: 'patch',
    head_repository: { full_name: 'evil/r' },
    event: 'pull_request',
    pull_requests: []
  }
  writeFileSync(eventFile, JSON.stringify({ workflow_run: run }))
  return {
    ...cacheServer.env(),
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_NAME: 'workflow_run',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_SHA: mainSha,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_RUN_ID: '4242',
    GITHUB_API_URL: gitHub.url,
    GITHUB_WORKFLOW: 'image-comment',
    GITHUB_JOB: 'comment'
  }
}

const comment = (report: string, extra: Record<string, string> = {}) =>
  runAction(
    { mode: 'comment', report, 'github-token': 'test-token', 'max-increase': '10%', ...extra },
    workflowRunEnv()
  )

/** main's own report in the cache, as its push run recorded it. */
async function recordMain(bytes: number): Promise<void> {
  const report: ImageReport = sampleReport({ compressedBytes: bytes, commit: mainSha })
  const saved = await withEnv({ ...cacheServer.env(), GITHUB_WORKSPACE: workspace }, () =>
    captureStdout(async () => {
      expect(await saveBaseline({ workspace }, report, 'main', mainSha)).toBe(true)
    })
  )
  expect(saved).toContain('Saved the report')
}

describe('mode comment in a workflow_run job: only what the triggering run proves', () => {
  it("refuses a report of another PR's head, though that PR is open with that head", async () => {
    const run = await comment(artifact({ number: 3, headSha: otherHead, bytes: 50 * MB }))
    expect(run.log).toContain(
      `::warning::The report is of bbbbbbb, but the run that made it built fffffff: not commenting.`
    )
    expect(gitHub.comments).toHaveLength(0)
    expect(gitHub.statuses).toHaveLength(0)
  })

  it("refuses a report of the run's own head that names another PR", async () => {
    const run = await comment(artifact({ number: 3, headSha: forkHead, bytes: 50 * MB }))
    expect(run.log).toContain(
      '::warning::The report names pull request #3, but no open pull request of o/r has the head fffffff of evil/r that the triggering run built: not commenting.'
    )
    expect(gitHub.comments).toHaveLength(0)
    expect(gitHub.statuses).toHaveLength(0)
    expect(gitHub.requests).toContain(
      'GET /repos/o/r/pulls?state=open&head=evil%3Apatch&per_page=100'
    )
  })

  it('posts its own report and puts a failing status on the head when a limit is crossed', async () => {
    await recordMain(40 * MB)
    const run = await comment(artifact({ number: 12, headSha: forkHead, bytes: 60 * MB }))
    expect(run.exitCode).toBe(1)
    expect(gitHub.comments).toHaveLength(1)
    expect(gitHub.comments[0].body).toContain('| production | 40.0 MB | 60.0 MB | +20.0 MB')
    expect(gitHub.statuses).toEqual([
      {
        sha: forkHead,
        state: 'failure',
        context: 'sizegate / image-comment/comment',
        description: expect.stringContaining(
          'production grew by 20.0 MB (+50.0%), over the max-increase of 10%'
        ),
        target_url: 'https://github.com/o/r/actions/runs/4242'
      }
    ])
  })

  it('puts a passing status on the head when the image is within its limits', async () => {
    await recordMain(40 * MB)
    const run = await comment(artifact({ number: 12, headSha: forkHead, bytes: 41 * MB }))
    expect(run.exitCode).toBe(0)
    // Another tool's JSON beside the report is passed over, not warned about.
    expect(run.log).not.toContain('production.metadata.json')
    expect(run.log).toContain('Skipped 1 JSON file(s) of other tools beside the reports.')
    expect(gitHub.statuses).toMatchObject([{ sha: forkHead, state: 'success' }])
    expect(gitHub.statuses[0].description).toContain('within the max-increase of 10%')
  })

  it("takes the base numbers from the cache, not from the fork's report", async () => {
    await recordMain(40 * MB)
    // The fork claims main was 59 MB, to pass its 60 MB image under max-increase 10%.
    const run = await comment(
      artifact({ number: 12, headSha: forkHead, bytes: 60 * MB, baselineBytes: 59 * MB })
    )
    expect(run.exitCode).toBe(1)
    expect(gitHub.comments[0].body).toContain('| production | 40.0 MB | 60.0 MB |')
    expect(gitHub.comments[0].body).toContain('recorded')
  })

  it("uses the report's baseline only when the cache has none, and says it is unchecked", async () => {
    const run = await comment(
      artifact({ number: 12, headSha: forkHead, bytes: 60 * MB, baselineBytes: 59 * MB })
    )
    expect(run.exitCode).toBe(0)
    expect(gitHub.comments[0].body).toContain('| production | 59.0 MB | 60.0 MB |')
    expect(gitHub.comments[0].body).toMatch(
      /reported by the pull request's own run [^;]+ ago; the cache has no report of it, so it is not checked/
    )
  })

  it('warns, naming the permission, when the token may not set statuses', async () => {
    gitHub.statusRefusal = 403
    const run = await comment(artifact({ number: 12, headSha: forkHead, bytes: 41 * MB }))
    expect(run.exitCode).toBe(0)
    // Another tool's JSON beside the report is passed over, not warned about.
    expect(run.log).not.toContain('production.metadata.json')
    expect(run.log).toContain('Skipped 1 JSON file(s) of other tools beside the reports.')
    expect(run.log).toContain(
      '::warning::Could not set the commit status "sizegate / image-comment/comment"'
    )
    expect(run.log).toContain('statuses: write')
  })
})

describe('the sticky comment with any kind of token', () => {
  it("updates an App installation token's own comment on its second run", async () => {
    gitHub.login = 'sizegate-app[bot]'
    gitHub.viewerEndpoint = 'ok'
    const report = artifact({ number: 12, headSha: forkHead, bytes: 41 * MB })
    await comment(report)
    await comment(report)
    expect(gitHub.comments).toHaveLength(1)
    expect(gitHub.comments[0].user.login).toBe('sizegate-app[bot]')
    expect(gitHub.requests.filter(request => request.startsWith('PATCH '))).toHaveLength(1)
  })

  it("finds its comment among bots' when the token cannot name itself, never a person's", async () => {
    gitHub.login = 'sizegate-app[bot]'
    const report = artifact({ number: 12, headSha: forkHead, bytes: 41 * MB })
    await comment(report)
    const marker = gitHub.comments[0].body.split('\n')[0]
    const quoted = gitHub.addComment(`${marker}\nquoted by a person`, 'octocat')
    await comment(report)
    expect(gitHub.comments.filter(item => item.user.type === 'Bot')).toHaveLength(1)
    expect(quoted.body).toContain('quoted by a person')
  })
})

describe('the accept label', () => {
  const labeled = (name: string, login: string, at: string) => ({
    event: 'labeled',
    label: { name },
    actor: { login },
    created_at: at
  })
  const reviewerAccepts = labeled('size-increase-ok', 'reviewer', '2026-11-28T10:00:00Z')
  /** The fork's PR grown by 20 MB over main's 40, posted with the accept label configured. */
  const commentGrowth = () =>
    comment(artifact({ number: 12, headSha: forkHead, bytes: 60 * MB }), {
      'allow-increase-label': 'size-increase-ok'
    })

  it('turns a failing verdict into a passing one, and the comment names who accepted it', async () => {
    await recordMain(40 * MB)
    gitHub.labels = ['size-increase-ok']
    gitHub.events = [labeled('bug', 'someone', '2026-11-27T09:00:00Z'), reviewerAccepts]
    const run = await commentGrowth()
    expect(run.exitCode).toBe(0)
    const body = gitHub.comments[0].body
    expect(body).toContain(
      '**Accepted:** production grew by 20.0 MB (+50.0%), over the max-increase of 10%.'
    )
    expect(body).toContain(
      '✅ @reviewer accepted the size increase with the label <code>size-increase-ok</code> on 2026-11-28 10:00:00 UTC.'
    )
    expect(gitHub.statuses).toMatchObject([{ state: 'success' }])
    expect(gitHub.statuses[0].description).toContain('Accepted by @reviewer')
  })

  it('does nothing while the label is not on the PR', async () => {
    await recordMain(40 * MB)
    gitHub.events = [reviewerAccepts]
    const run = await commentGrowth()
    expect(run.exitCode).toBe(1)
    expect(gitHub.statuses).toMatchObject([{ state: 'failure' }])
  })
})

describe('the status description', () => {
  it('is the first crossing, else a count, within GitHub’s 140 characters', () => {
    const verdict = (target: string, exceeded: boolean) => ({
      target,
      exceeded,
      sentence: `${target} ${'grew '.repeat(40)}`
    })
    const failing = statusFor([verdict('web', false), verdict('worker', true)])
    expect(failing.state).toBe('failure')
    expect(failing.description.startsWith('worker grew')).toBe(true)
    expect([...failing.description]).toHaveLength(140)
    expect(statusFor([verdict('web', false), verdict('worker', false)])).toEqual({
      state: 'success',
      description: '2 images within their limits.'
    })
  })
})
