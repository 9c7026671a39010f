import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import type { ReportFile } from '../../src/report/types.js'
import { type ActionRun, runAction, runnerEnv } from '../helpers/action.js'
import { CacheServer } from '../helpers/cache-server.js'
import { makeBaseImages, repoRoot } from '../helpers/engine.js'
import { pushedManifest, registryAnswers } from '../helpers/registry.js'
import { world } from '../helpers/world.js'

/**
 * What a host that runs main's image downloads for a PR's, on the real engine: main
 * and two PRs pushed to the tests' registry, each PR compared with main's report
 * from the cache. One PR changes only the last layer, the other only the base image.
 */
const REGISTRY = '127.0.0.1:5000'
const repository = `${REGISTRY}/sizegate-test/update-${process.pid}`
const [SLIM, FAT] = ['sizegate-update-base:slim', 'sizegate-update-base:fat']
const MB = 1_000_000

const cacheServer = new CacheServer()
const workspace = mkdtempSync(path.join(tmpdir(), 'sizegate-update-'))
const cwd = process.cwd()
let available = false

const docker = (...args: string[]) =>
  execFileSync('docker', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).trim()

/** Another base image, of nothing in common with SLIM's layers: its files and 30 MB more. */
function makeFatBase(): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'sizegate-update-base-'))
  try {
    const container = docker('create', SLIM)
    execFileSync('sh', ['-c', 'docker export "$1" > "$2"', 'export', container, `${dir}/root.tar`])
    docker('rm', container)
    writeFileSync(path.join(dir, 'fat.bin'), randomBytes(30 * MB))
    execFileSync('tar', ['-rf', `${dir}/root.tar`, '-C', dir, 'fat.bin'])
    const changes = ['--change', 'ENV PATH=/usr/local/bin:/bin', '--change', 'CMD ["sh"]']
    docker('import', ...changes, `${dir}/root.tar`, FAT)
    // Where the builder pulls its bases (the hosted runner's), it finds it in the mirror.
    execFileSync('bash', ['-c', '. scripts/base-mirror.sh && mirror_all "$1"', 'mirror', FAT], {
      cwd: repoRoot
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The workspace's Dockerfile on `base`, its last layer `lastBytes` of random data. */
function project(base: string, last: Buffer): void {
  writeFileSync(
    path.join(workspace, 'Dockerfile'),
    [
      `FROM ${base}`,
      'RUN head -c 6000000 /dev/urandom > /own.bin',
      'COPY last.bin /last.bin',
      ''
    ].join('\n')
  )
  writeFileSync(path.join(workspace, 'last.bin'), last)
}

/** A push of main (`tag` main) or a PR's run, pushing `tag`, with these inputs. */
function run(tag: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  const push = tag === 'main'
  const sha = (push ? 'a' : 'c').repeat(40)
  const env = {
    ...cacheServer.env(),
    ...runnerEnv({ event: push ? 'push' : 'pull_request', sha, baseSha: 'a'.repeat(40), workspace })
  }
  const given = { network: 'none', push: 'true', tags: `${repository}:${tag}`, baseline: 'cache' }
  return runAction({ ...given, comment: 'never', ...inputs }, env)
}

/** The registry's own sizes of the PR image's layers main's image does not have. */
async function registryUpdate(pr: ReportFile, main: ReportFile): Promise<number> {
  const [head, base] = await Promise.all([
    pushedManifest(`${repository}:pr`, pr.digest as string),
    pushedManifest(`${repository}:main`, main.digest as string)
  ])
  const held = new Set((base.layers ?? []).map(layer => layer.digest))
  return (head.layers ?? [])
    .filter(layer => !held.has(layer.digest))
    .reduce((sum, layer) => sum + layer.size, 0)
}

/** Lets go of a reference the engine may hold; nothing when it holds none. */
function forget(reference: string): void {
  try {
    docker('rmi', '-f', reference)
  } catch {
    // Not there.
  }
}

/**
 * What `docker pull` of the PR's image downloads on an engine that holds main's
 * pulled image and nothing else of the PR's: the registry's sizes of the layers
 * it reports as pulled. Only where the builder pushed without loading (the hosted
 * runner's): an engine that built the images holds their layers already.
 */
async function pulledBytes(pr: ReportFile, main: ReportFile): Promise<number | undefined> {
  if (!world.builderExports) return undefined
  const [prImage, mainImage] = [pr, main].map(report => `${repository}@${report.digest}`)
  forget(prImage)
  forget(mainImage)
  // The engine made FAT for the mirror: a host with main's image has none of it.
  forget(FAT)
  forget(`${process.env.SIZEGATE_BASE_MIRROR}/library/${FAT}`)
  docker('pull', mainImage)
  const said = docker('pull', prImage)
  const manifest = await pushedManifest(`${repository}:pr`, pr.digest as string)
  const pulled = new Set([...said.matchAll(/^([0-9a-f]{12}): Pull complete$/gm)].map(m => m[1]))
  return (manifest.layers ?? [])
    .filter(layer => pulled.has(layer.digest.replace(/^sha256:/, '').slice(0, 12)))
    .reduce((sum, layer) => sum + layer.size, 0)
}

/**
 * The report's update is what the registry says the PR image has that main's has
 * not, within 1%, and what `docker pull` downloads, where it can be seen.
 */
async function expectDownloads(pr: ReportFile, main: ReportFile): Promise<void> {
  const registry = await registryUpdate(pr, main)
  const update = pr.update?.known ? pr.update.bytes : Number.NaN
  expect(Math.abs(registry - update)).toBeLessThanOrEqual(0.01 * registry)
  const pulled = await pulledBytes(pr, main)
  if (pulled === undefined)
    console.warn('docker pull not checked: this engine built the images (the docker driver)')
  else expect(Math.abs(pulled - registry)).toBeLessThanOrEqual(0.01 * registry)
}

beforeAll(async () => {
  available = await registryAnswers()
  // scripts/registry.sh starts one; CI must not pass without it.
  if (!available && process.env.CI) throw new Error(`no registry answers on ${REGISTRY}`)
  if (!available) return
  await cacheServer.start()
  makeBaseImages(SLIM)
  makeFatBase()
  // As on a runner: @actions/cache finds its paths from the current folder, the workspace.
  process.chdir(workspace)
}, 300_000)

afterAll(async () => {
  process.chdir(cwd)
  rmSync(workspace, { recursive: true, force: true })
  if (available) await cacheServer.stop()
})

describe('the update size: what a host with main’s image downloads for the PR’s', () => {
  const mainLast = randomBytes(200_000)
  let main: ReportFile

  beforeAll(async () => {
    if (!available) return
    project(SLIM, mainLast)
    const pushed = await run('main')
    expect(pushed.exitCode).toBe(0)
    main = pushed.reports[0] as ReportFile
    expect(main.base).toMatchObject({ image: SLIM, layers: expect.any(Number) })
  }, 300_000)

  it('a PR that changes only the last layer: about that layer, N-1 layers shared; max-update passes, the own-part gate fails', async () => {
    if (!available)
      return console.warn(`skipped: no registry on ${REGISTRY} (run scripts/registry.sh)`)
    project(SLIM, randomBytes(3 * MB))
    const pr = await run('pr', { 'max-update': '10MB' })
    expect(pr.exitCode).toBe(0)
    const report = pr.reports[0] as ReportFile
    const last = report.layers[report.layers.length - 1]
    expect(report.update).toEqual({
      known: true,
      bytes: last.compressedBytes,
      sharedLayers: report.layers.length - 1,
      layers: report.layers.length,
      matchedBy: 'blob',
      estimated: false
    })
    expect(Math.abs(last.compressedBytes - 3 * MB)).toBeLessThan(0.01 * 3 * MB)
    expect(pr.outputs['update-size']).toBe(String(last.compressedBytes))
    expect(pr.log).toContain('within the max-update of 10.0 MB')
    expect(pr.summary).toContain(`base image <code>${SLIM}</code> unchanged`)
    await expectDownloads(report, main)

    // The same PR against the own part's limit: its own layers grew by far more than 10%.
    // And against main's history, which is one report long: its oldest, said so.
    const own = await run('pr', { 'max-own-increase': '10%', 'max-growth': '50% in 30d' })
    expect(own.exitCode).toBe(1)
    expect((own.reports[0] as ReportFile).creep).toMatchObject({
      days: 30,
      reachesBack: false,
      from: { commit: main.commit }
    })
    expect(own.log).toMatch(
      /its history is shorter than 30 days\) it changed by \+2\.\d MB .*, within the max-growth of 50% in 30 days/
    )
    expect(own.log).toMatch(
      /its own layers grew by 2\.\d MB \(\+\d+\.\d%\), over the max-own-increase of 10%/
    )
  }, 300_000)

  it('a PR that changes the base image: the base line, nearly the whole image; max-update fails, the own-part gate passes', async () => {
    if (!available)
      return console.warn(`skipped: no registry on ${REGISTRY} (run scripts/registry.sh)`)
    project(FAT, mainLast)
    const pr = await run('pr', { 'max-update': '10MB' })
    expect(pr.exitCode).toBe(1)
    const report = pr.reports[0] as ReportFile
    expect(report.update).toMatchObject({ known: true, matchedBy: 'blob' })
    const update = (report.update as { bytes: number }).bytes
    const last = report.layers[report.layers.length - 1]
    expect(update).toBeGreaterThan(0.95 * report.compressedBytes - last.compressedBytes)
    expect(pr.log).toMatch(/over the max-update of 10\.0 MB/)
    expect(pr.summary).toMatch(
      new RegExp(`base image <code>${SLIM}</code> → <code>${FAT}</code>: \\+3\\d\\.\\d MB`)
    )
    await expectDownloads(report, main)

    const own = await run('pr', { 'max-own-increase': '10%' })
    expect(own.exitCode).toBe(0)
    expect(own.log).toMatch(
      /its own layers (is unchanged|shrank by|.* within the max-own-increase of 10%)/
    )
  }, 300_000)
})
