import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { digestIn, imageNames, repositoryOf } from '../../src/measure/engine-image.js'
import type { ReportFile } from '../../src/report/types.js'
import { runAction, runnerEnv } from '../helpers/action.js'
import {
  docker,
  engineLayerSizes,
  fixtures,
  makeBaseImages,
  savedImage
} from '../helpers/engine.js'
import { world } from '../helpers/world.js'
import { gitIn } from '../helpers/git.js'

// Images built anywhere: input `image` measures what another step built, and
// `baseline-image` takes the base numbers from a registry image, with no cache.

const REGISTRY = 'localhost:5000'
const MB = 1_000_000
const folders: string[] = []

async function registryAnswers(): Promise<boolean> {
  try {
    return (await fetch(`http://${REGISTRY}/v2/`)).ok
  } catch {
    return false
  }
}

/** `docker build` of a Dockerfile's text, as a step before sizegate would run it. */
function plainBuild(tag: string, dockerfile: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sizegate-prebuilt-'))
  folders.push(dir)
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile)
  execFileSync('docker', ['build', '--network', 'none', '-q', '-t', tag, dir], {
    stdio: ['ignore', 'ignore', 'inherit']
  })
  return path.join(dir, 'Dockerfile')
}

/** A git repository with one commit, as a pull request's checkout. */
function checkout(): { workspace: string; sha: string } {
  const workspace = mkdtempSync(path.join(tmpdir(), 'sizegate-prebuilt-repo-'))
  folders.push(workspace)
  const git = (...args: string[]) => gitIn(workspace, ...args)
  git('init', '-q', '-b', 'main')
  git('commit', '-q', '--allow-empty', '-m', 'start')
  return { workspace, sha: git('rev-parse', 'HEAD') }
}

beforeAll(() => makeBaseImages('debian:12-slim'))
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
})

describe('image: an image another step built', () => {
  it('measures an image of plain docker build: its sizes are the engine’s, its layers on their lines', async () => {
    const tag = 'sizegate-test/prebuilt:1'
    const file = plainBuild(
      tag,
      'FROM debian:12-slim\nRUN head -c 3000000 /dev/urandom > /data.bin\nRUN echo hi > /hi.txt\n'
    )
    const result = await runAction(
      { image: tag, file, comment: 'never' },
      { GITHUB_WORKSPACE: path.dirname(file) }
    )
    expect(result.exitCode).toBe(0)
    const [report] = result.reports as ReportFile[]
    // The classic store counts layers as we do; the containerd store counts unpacked
    // snapshots, so there the system tar's count of the saved layers is the truth.
    const engine =
      world.imageStore === 'classic'
        ? await engineLayerSizes(tag)
        : savedImage(tag).layers.map(layer => layer.contentBytes)
    expect(report.imageStore).toBe(world.imageStore)
    expect(report.layers.map(layer => layer.uncompressedBytes)).toEqual(engine)
    expect(report.uncompressedBytes).toBe(engine.reduce((sum, size) => sum + size, 0))
    expect(report.imageId).toBe(
      (await docker('image', 'inspect', '--format', '{{.Id}}', tag)).trim()
    )
    expect(report.target).toBe('prebuilt')
    expect(report.build.builder).toBe('prebuilt')
    const lines = report.layers.map(layer => layer.line)
    expect(lines.slice(-2)).toEqual([2, 3])
    expect(lines.slice(0, -2).every(line => line === 1)).toBe(true)
    expect(result.outputs['image-id']).toBe(report.imageId)
  })

  it('without the Dockerfile, reports the layers by the history’s words', async () => {
    const result = await runAction(
      { image: 'sizegate-test/prebuilt:1', comment: 'never' },
      { GITHUB_WORKSPACE: fixtures }
    )
    expect(result.exitCode).toBe(0)
    const [report] = result.reports
    expect(report.layers.every(layer => layer.line === 0)).toBe(true)
    expect(result.summary).not.toContain(':0')
  })

  it('names the input and the reference it cannot find or pull', async () => {
    const result = await runAction(
      { image: `${REGISTRY}/sizegate-test/no-such-image:1`, comment: 'never' },
      { GITHUB_WORKSPACE: fixtures }
    )
    expect(result.exitCode).toBe(1)
    expect(result.log).toContain(
      `::error::image: "${REGISTRY}/sizegate-test/no-such-image:1" is no image of this runner's engine, and docker pull could not fetch it`
    )
  })
})

describe('baseline-image: the base numbers from a registry image', () => {
  let available = false
  beforeAll(async () => {
    available = await registryAnswers()
    if (!available && process.env.CI) throw new Error(`no registry answers on ${REGISTRY}`)
  })

  it('compares a PR that grows by 20 MB with main’s pushed image, with no cache at all', async () => {
    if (!available)
      return console.warn(`skipped: no registry on ${REGISTRY} (run scripts/registry.sh)`)
    const base = `${REGISTRY}/sizegate-test/grow:main`
    const main = 'FROM debian:12-slim\nRUN head -c 5000000 /dev/urandom > /app.bin\n'
    plainBuild(base, main)
    execFileSync('docker', ['push', '-q', base], { stdio: 'ignore' })
    // The engine keeps main's layers but not its tag: the base is read from the registry.
    execFileSync('docker', ['rmi', base], { stdio: 'ignore' })
    const file = plainBuild(
      'sizegate-test/grow:pr',
      `${main}RUN head -c 20000000 /dev/urandom > /more.bin\n`
    )
    const { workspace, sha } = checkout()
    const result = await runAction(
      { image: 'sizegate-test/grow:pr', file, 'baseline-image': base, comment: 'never' },
      runnerEnv({ event: 'pull_request', sha, workspace, baseSha: sha })
    )
    expect(result.exitCode).toBe(0)
    const [report] = result.reports as ReportFile[]
    expect(report.baseline).toMatchObject({ source: 'image', ref: base })
    expect(report.baseline?.report.compressedSource).toBe('registry')
    // Random bytes do not compress: the 20 MB layer is the change, to within its tar framing.
    const delta = Number(result.outputs.delta)
    expect(delta).toBeGreaterThan(19.9 * MB)
    expect(delta).toBeLessThan(20.2 * MB)
    expect(result.outputs['comment-body']).toContain(`Baseline: <code>${base}</code> at`)
    expect(result.outputs['comment-body']).toContain('/more.bin')
  })
})

describe('names of images built elsewhere', () => {
  it('a repository without tag or digest, ports kept', () => {
    expect(repositoryOf('localhost:5000/org/app:pr-5')).toBe('localhost:5000/org/app')
    expect(repositoryOf(`node@sha256:${'a'.repeat(64)}`)).toBe('node')
    expect(repositoryOf('localhost:5000/app')).toBe('localhost:5000/app')
  })

  it('the digest of the reference’s repository, Docker Hub’s short names included', () => {
    const digest = `sha256:${'b'.repeat(64)}`
    expect(digestIn('node:20', [`other@sha256:${'c'.repeat(64)}`, `node@${digest}`])).toBe(digest)
    expect(digestIn('docker.io/library/node:20', [`node@${digest}`])).toBe(digest)
    expect(digestIn(`app@${digest}`, [])).toBe(digest)
    expect(digestIn('app:1', [])).toBeUndefined()
  })

  it('the last part of the repository, or all of it when two share one', () => {
    expect(imageNames(['ghcr.io/org/api:1', 'ghcr.io/org/web:1'])).toEqual(['api', 'web'])
    expect(imageNames(['a.io/x/app:1', 'b.io/y/app:1'])).toEqual(['a.io/x/app', 'b.io/y/app'])
  })
})
