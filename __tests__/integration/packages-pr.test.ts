import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import type { ReportFile } from '../../src/report/types.js'
import { runAction, runnerEnv } from '../helpers/action.js'
import { describeWhen } from '../helpers/buildx.js'
import { fixtures, makeBaseImages, repoRoot } from '../helpers/engine.js'
import { gitIn } from '../helpers/git.js'
import { folderBytes } from '../helpers/packages.js'

/**
 * A pull request that copies a node_modules with dev dependencies into the runtime
 * image, on the real engine: the packages come from npm and the registry, the base
 * is built from the base commit, and the summary (the comment's text) names them.
 */
const registryDown =
  spawnSync('npm', ['ping'], { encoding: 'utf8', timeout: 30_000 }).status === 0
    ? undefined
    : 'the npm registry does not answer'
const workspace = mkdtempSync(path.join(tmpdir(), 'sizegate-packages-pr-'))
const git = (...args: string[]) => gitIn(workspace, ...args)

const dockerfile = (modules: string) =>
  [
    'FROM node:20-slim',
    'WORKDIR /app',
    'COPY package.json package-lock.json ./',
    `COPY ${modules}/ ./node_modules/`,
    'CMD ["node", "index.js"]',
    ''
  ].join('\n')

function install(folder: string, ...flags: string[]): void {
  cpSync(path.join(fixtures, 'packages', 'npm-app'), path.join(workspace, folder), {
    recursive: true
  })
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', ...flags], {
    cwd: path.join(workspace, folder),
    stdio: 'ignore'
  })
}

afterAll(() => rmSync(workspace, { recursive: true, force: true }))

describeWhen(registryDown)('a PR that puts dev dependencies in the runtime image', () => {
  let result: Awaited<ReturnType<typeof runAction>>
  let base: string

  beforeAll(async () => {
    makeBaseImages('node:20-slim')
    install('prod', '--omit=dev')
    install('all')
    cpSync(path.join(fixtures, 'packages', 'npm-app'), workspace, { recursive: true })
    writeFileSync(path.join(workspace, 'Dockerfile'), dockerfile('prod/node_modules'))
    git('init', '-q', '-b', 'main')
    git('add', '-A')
    git('commit', '-qm', 'production dependencies only')
    base = git('rev-parse', 'HEAD')
    writeFileSync(path.join(workspace, 'Dockerfile'), dockerfile('all/node_modules'))
    git('commit', '-qam', 'copy the node_modules the build used')
    const head = git('rev-parse', 'HEAD')
    result = await runAction(
      { network: 'none', baseline: 'build', comment: 'never' },
      runnerEnv({ event: 'pull_request', sha: head, baseSha: base, headSha: head, workspace })
    )
  }, 300_000)

  it('names the dev package, its version, and its bytes as the files in the image hold them', () => {
    expect(result.exitCode).toBe(0)
    const [report] = result.reports as ReportFile[]
    expect(report.baseline?.source).toBe('build')
    const typescript = report.packages?.list.find(item => item.name === 'typescript')
    const files = folderBytes(path.join(workspace, 'all', 'node_modules', 'typescript'))
    expect(typescript).toMatchObject({ ecosystem: 'npm', versions: ['5.6.3'], dev: true })
    expect(Math.abs((typescript?.bytes ?? 0) - files) / files).toBeLessThan(0.01)
    expect(report.baseline?.report.packages?.list.map(item => item.name)).not.toContain(
      'typescript'
    )
    expect(report.layers[typescript?.layer ?? 0].line).toBe(4)
  })

  it('shows it in the comment by package, and a dev-dependency hint naming it with its bytes', () => {
    const typescript = (result.reports[0] as ReportFile).packages?.list.find(
      item => item.name === 'typescript'
    )
    const size = /\+([\d.]+) MB/.exec(
      result.summary.split('<code>typescript</code> 5.6.3 ')[1] ?? ''
    )?.[1]
    expect(result.summary).toContain('what changed by package, 1 added')
    expect(Number(size) * 1_000_000).toBeCloseTo(typescript?.bytes ?? 0, -5)
    expect(result.summary).toMatch(
      /<code>typescript<\/code> 5\.6\.3 \+[\d.]+ MB \(added, dev, Dockerfile:4\)/
    )
    const [hint] = (result.reports[0] as ReportFile).hints.filter(
      item => item.rule === 'dev-dependencies'
    )
    expect(hint).toMatchObject({ line: 4, bytes: typescript?.bytes })
    expect(hint.message).toContain('typescript 5.6.3')
    // docs/fixes.md's picture of this section (npm run docs:screenshots) shows this comment.
    mkdirSync(path.join(repoRoot, '.tools'), { recursive: true })
    writeFileSync(
      path.join(repoRoot, '.tools', 'packages-comment.md'),
      result.outputs['comment-body']
    )
  })
})
