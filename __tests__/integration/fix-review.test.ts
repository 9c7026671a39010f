import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import type { ReportFile } from '../../src/report/types.js'
import { type ActionRun, runAction, runnerEnv } from '../helpers/action.js'
import { makeBaseImages, repoRoot } from '../helpers/engine.js'
import { gitIn } from '../helpers/git.js'
import { GitHubServer, pullRequestOf } from '../helpers/github-server.js'
import { intoEngine } from '../helpers/world.js'
import { differencesOf, filesByPython, secondReaderMissing } from '../helpers/independent.js'

/**
 * The demo's regressing pull request (node_modules copied from the builder stage,
 * dev dependencies and all; the deps stage installs with `--only=production`)
 * with verify-fixes: the fix is built, proven to remove only dev packages, and offered as a
 * review comment with a suggested change on the line the PR changed, against the
 * GitHub API stand-in, which takes a line only where the PR's diff has it.
 */
const gitHub = new GitHubServer()
const workspace = mkdtempSync(path.join(tmpdir(), 'sizegate-fix-review-'))
const git = (...args: string[]) => gitIn(workspace, ...args)
const REGRESSION = 'COPY --from=builder /app/node_modules ./node_modules'
const FIXED = 'COPY --from=deps /app/node_modules ./node_modules'
let mainSha: string

/** Commits the Dockerfile with `from` replaced by `to`; the PR then is that commit. */
function pullRequestTo(from: string, to: string, message: string): string {
  const file = path.join(workspace, 'Dockerfile')
  writeFileSync(file, readFileSync(file, 'utf8').replace(from, to))
  git('commit', '-qam', message)
  const sha = git('rev-parse', 'HEAD')
  gitHub.pullRequest = pullRequestOf(7, sha, mainSha)
  // The PR's files as the API lists them: git's own diff, from the first hunk.
  const patch = git('diff', '-U3', mainSha, sha, '--', 'Dockerfile')
  const hunks = patch.slice(patch.indexOf('@@'))
  gitHub.files = hunks ? [{ filename: 'Dockerfile', status: 'modified', patch: hunks }] : []
  return sha
}

function pullRequestRun(sha: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction(
    {
      network: 'none',
      baseline: 'build',
      comment: 'always',
      'github-token': 'test-token',
      'verify-fixes': 'true',
      ...intoEngine,
      ...inputs
    },
    {
      ...runnerEnv({
        event: 'pull_request',
        sha,
        baseSha: mainSha,
        headSha: sha,
        workspace,
        number: 7
      }),
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_API_URL: gitHub.url
    }
  )
}

const lineOf = (text: string): number =>
  readFileSync(path.join(workspace, 'Dockerfile'), 'utf8').split('\n').indexOf(text) + 1

beforeAll(async () => {
  await gitHub.start()
  makeBaseImages('node:20-slim')
  cpSync(path.join(repoRoot, 'examples', 'demo'), workspace, { recursive: true })
  // The production install as older Dockerfiles write it: the fix must still know it.
  const dockerfile = path.join(workspace, 'Dockerfile')
  writeFileSync(
    dockerfile,
    readFileSync(dockerfile, 'utf8').replace('npm ci --omit=dev', 'npm ci --only=production')
  )
  git('init', '-q', '-b', 'main')
  git('add', '.')
  git('commit', '-qm', 'example service')
  mainSha = git('rev-parse', 'HEAD')
}, 60_000)

afterAll(async () => {
  rmSync(workspace, { recursive: true, force: true })
  await gitHub.stop()
})

describe('a fix of the line a pull request changed', () => {
  let prSha: string
  let first: ActionRun

  beforeAll(async () => {
    prSha = pullRequestTo(FIXED, REGRESSION, 'take node_modules from the builder')
    first = await pullRequestRun(prSha)
  }, 600_000)

  it('is built, and offered as a suggested change on that line with its measured saving', () => {
    expect(first.exitCode).toBe(0)
    const [report] = first.reports as ReportFile[]
    const fix = report.fixes?.list.find(item => item.rule === 'production-node-modules')
    expect(fix).toMatchObject({ line: lineOf(REGRESSION), suggestion: [FIXED], unverified: null })
    expect(fix?.saving?.compressedBytes).toBeGreaterThan(1_000_000)
    // Its image is the PR's, file for file, but for the dev packages the lockfile names.
    expect(fix?.removes).toMatch(
      /^same files, owners and modes; removes 25 dev packages \(devtool-\d+ 1\.0\.\d+, /
    )
    expect(gitHub.reviewComments).toHaveLength(1)
    const [comment] = gitHub.reviewComments
    expect(comment).toMatchObject({
      path: 'Dockerfile',
      line: lineOf(REGRESSION),
      side: 'RIGHT',
      commit_id: prSha
    })
    expect(comment.start_line).toBeUndefined()
    expect(comment.body).toContain(`\`\`\`suggestion\n${FIXED}\n\`\`\``)
    expect(comment.body).toMatch(
      /saves [\d.]+ MB compressed, [\d.]+ MB on disk \(measured by a build\); same files, owners and modes; removes 25 dev packages/
    )
  })

  it('is, read by a second reader, the PR image but for the dev packages it says it removes', async () => {
    const missing = secondReaderMissing()
    if (missing) return console.warn(`skipped the second reader: ${missing}`)
    const dockerfile = path.join(workspace, 'Dockerfile')
    const regressing = readFileSync(dockerfile, 'utf8')
    const builtAs = async (text: string, tag: string) => {
      writeFileSync(dockerfile, text)
      const run = await runAction(
        {
          context: workspace,
          file: dockerfile,
          network: 'none',
          comment: 'never',
          tags: tag,
          ...intoEngine
        },
        { GITHUB_WORKSPACE: workspace }
      )
      expect(run.exitCode).toBe(0)
      return filesByPython(tag)
    }
    try {
      const { removed, added, changed } = differencesOf(
        await builtAs(regressing, 'sizegate-review-test:head'),
        await builtAs(regressing.replace(REGRESSION, FIXED), 'sizegate-review-test:fixed')
      )
      const packages = new Set(removed.map(file => /^app\/node_modules\/([^/]+)/.exec(file)?.[1]))
      expect(packages.size).toBe(25)
      expect([...packages].every(name => name?.startsWith('devtool-'))).toBe(true)
      expect({ added, changed }).toEqual({
        added: [],
        changed: ['app/node_modules/.package-lock.json']
      })
    } finally {
      writeFileSync(dockerfile, regressing)
    }
  }, 600_000)

  it('says so in the PR comment, with the fix as a diff', () => {
    const body = gitHub.comments[0]?.body ?? ''
    expect(body).toContain('1 fix for the Dockerfile, 1 verified by a build</summary>')
    expect(body).toContain('suggested on the line in this PR')
    expect(body).toContain(`-${REGRESSION}\n+${FIXED}`)
    expect(first.log).toMatch(/Verifying 1 fix of/)
    expect(first.log).toMatch(/Verified the fixes of production in [\d.]+ s/)
  })

  it('is not suggested again on the next run, and is gone once the author applied it', async () => {
    const again = await pullRequestRun(prSha)
    expect(again.exitCode).toBe(0)
    expect(gitHub.reviewComments).toHaveLength(1)
    expect(
      gitHub.requests.filter(request => request.startsWith('POST /repos/o/r/pulls/7/comments'))
    ).toHaveLength(1)
    const applied = pullRequestTo(REGRESSION, FIXED, 'Apply suggestion from sizegate')
    const after = await pullRequestRun(applied)
    expect(after.exitCode).toBe(0)
    expect(gitHub.reviewComments).toHaveLength(0)
  }, 600_000)

  it('with verify-fixes off, runs no extra build and shows the fix unverified', async () => {
    const sha = pullRequestTo(FIXED, REGRESSION, 'take node_modules from the builder again')
    const run = await pullRequestRun(sha, { 'verify-fixes': 'false' })
    const [report] = run.reports as ReportFile[]
    expect(run.log).not.toMatch(/Verifying/)
    expect(report.fixes?.verifyMs).toBe(0)
    expect(report.fixes?.list[0]).toMatchObject({ saving: null, unverified: 'not built' })
    // Only verified fixes are suggested.
    expect(gitHub.reviewComments).toHaveLength(0)
  }, 600_000)
})
