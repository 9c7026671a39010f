import { beforeAll, expect, it } from '@jest/globals'
import { applyPatch } from 'diff'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import type { ImageReport } from '../../src/report/types.js'
import { runAction } from '../helpers/action.js'
import { describeWhen } from '../helpers/buildx.js'
import { docker, fixtures } from '../helpers/engine.js'
import { differencesOf, filesByPython, secondReaderMissing } from '../helpers/independent.js'
import {
  dpkgPackages,
  npmLs,
  npmPackagesInside,
  realBasesMissing,
  reportedPackages,
  savedLayers
} from '../helpers/real-world.js'
import { pushedManifest, registryAnswers } from '../helpers/registry.js'
import { intoEngine, world } from '../helpers/world.js'

/**
 * What sizegate says about projects in the shapes real ones have, built for real on
 * real node:20, node:20-slim and debian:bookworm(-slim) with the real npm and apt-get
 * (scripts/real-bases.sh): each hint that must appear, and each that must not.
 */
const REAL = path.join(fixtures, 'real')
const describeReal = describeWhen(realBasesMissing())
const MB = 1_000_000

/** Builds one Dockerfile of a fixture folder, reaching npm and Debian, into the engine. */
async function build(folder: string, file: string, inputs: Record<string, string> = {}) {
  const run = await runAction(
    {
      context: folder,
      file: path.join(folder, file),
      network: 'host',
      comment: 'never',
      ...intoEngine,
      ...inputs
    },
    { GITHUB_WORKSPACE: REAL }
  )
  if (run.exitCode !== 0) throw new Error(`the build of ${folder}/${file} failed:\n${run.log}`)
  return run.reports
}

/** The report's hints as [rule, line] pairs. */
const hintsOf = (report: ImageReport) => report.hints.map(hint => [hint.rule, hint.line])
const fixesOf = (report: ImageReport) => report.fixes?.list.map(fix => fix.rule) ?? []
/** The line of the first instruction that starts with `text` in the fixture's Dockerfile. */
const lineOf = (report: ImageReport, text: string) =>
  report.layers.find(layer => layer.source?.startsWith(text))?.line

/** The tag a test image is built with: `npm-ci`, `multi-stage:leaky`. */
const imageOf = (name: string) => `sizegate-real-test/${name.replace(':', '-')}:latest`

describeReal('real projects on real base images', () => {
  const reports = new Map<string, ImageReport>()
  const at = (name: string) => reports.get(name) as ImageReport

  beforeAll(async () => {
    // Each image tagged, so that it stays in the engine and is found by name on
    // either image store (the containerd store knows no image by its config digest).
    const builds: [string, string, string?][] = [
      ['app', 'npm-ci'],
      ['app', 'node-env-arg'],
      ['app', 'node-env-space'],
      ['app', 'cache-later'],
      ['app', 'full-base'],
      ['app', 'multi-stage', 'production'],
      ['app', 'multi-stage', 'leaky'],
      ['app-nodev', 'npm-install'],
      ['debian', 'apt-recommends'],
      ['debian', 'apt-clean']
    ]
    // Their fixes built too, on the real npm and apt, and proven file for file.
    const proven = new Set([
      'npm-ci',
      'cache-later',
      'full-base',
      'multi-stage:leaky',
      'apt-recommends'
    ])
    for (const [folder, name, target] of builds) {
      const key = target ? `${name}:${target}` : name
      const inputs = {
        tags: imageOf(key),
        ...(target ? { targets: target } : {}),
        ...(proven.has(key) ? { 'verify-fixes': 'true' } : {})
      }
      const [report] = await build(folder, `${name}.Dockerfile`, inputs)
      reports.set(key, report)
    }
  }, 30 * 60_000)

  it('an npm ci that keeps dev dependencies: the hint names them and their bytes, and the fix drops them', () => {
    const report = at('npm-ci')
    const install = lineOf(report, 'RUN npm ci')
    const dev = report.hints.find(hint => hint.rule === 'dev-dependencies')
    expect(dev).toMatchObject({ line: install })
    expect(dev?.message).toContain('typescript 5.6.3')
    const typescript = report.packages?.list.find(item => item.name === 'typescript')
    expect(typescript).toMatchObject({ dev: true })
    expect(dev?.bytes).toBe(typescript?.bytes)
    expect(dev?.bytes).toBeGreaterThan(20 * MB)
    expect(fixesOf(report)).toContain('omit-dev')
    // npm's cache, as the files under /root/.npm in that layer add up.
    const cache = report.hints.find(hint => hint.rule === 'cache-in-image')
    expect(cache).toMatchObject({ line: install })
    const layer = report.layers.findIndex(item => item.line === install)
    const files = savedLayers(imageOf('npm-ci'))[layer].filter(
      entry => entry.type === '-' && entry.path.startsWith('root/.npm/')
    )
    expect(cache?.bytes).toBe(files.reduce((sum, entry) => sum + entry.size, 0))
    expect(hintsOf(report).map(([rule]) => rule)).not.toContain('wasted-bytes')
  })

  it.each([
    ['app-nodev', 'npm-install', 'a project without devDependencies'],
    ['app', 'node-env-arg', 'ARG NODE_ENV=production, then ENV NODE_ENV $NODE_ENV'],
    ['app', 'node-env-space', 'ENV NODE_ENV production (the space form)'],
    ['app', 'cache-later', 'npm ci --omit=dev']
  ])('%s/%s, %s: no dev packages, so no dev-dependency hint or fix', (_folder, name) => {
    const report = at(name)
    expect(report.packages?.list.filter(item => item.dev)).toEqual([])
    expect(report.packages?.list.map(item => item.name)).not.toContain('typescript')
    expect(hintsOf(report).map(([rule]) => rule)).not.toContain('dev-dependencies')
    expect(fixesOf(report)).not.toContain('omit-dev')
  })

  it("npm's cache deleted by a later RUN: wasted, hinted on both lines, and the deletion moved where it was written", () => {
    const report = at('cache-later')
    const [install, clean] = [lineOf(report, 'RUN npm ci'), lineOf(report, 'RUN npm cache')]
    const layer = report.layers.findIndex(item => item.line === install)
    // What `npm cache clean --force` deletes: the folder _cacache.
    const written = savedLayers(imageOf('cache-later'))[layer]
    const cache = written
      .filter(entry => entry.type === '-' && entry.path.startsWith('root/.npm/_cacache/'))
      .reduce((sum, entry) => sum + entry.size, 0)
    expect(cache).toBeGreaterThan(MB)
    expect(report.wastedBytes).toBeGreaterThanOrEqual(cache)
    const wasted = report.hints.filter(hint => hint.rule === 'wasted-bytes')
    expect(wasted.map(hint => [hint.line, hint.bytes])).toEqual(
      expect.arrayContaining([
        [clean, cache],
        [install, cache]
      ])
    )
    const fix = report.fixes?.list.find(item => item.rule === 'delete-where-written')
    expect(fix?.diff).toContain('npm ci --omit=dev && npm cache clean --force')
  })

  it('apt-get install: recommends and lists hinted; no "base image" hint for the database dpkg rewrites', () => {
    const report = at('apt-recommends')
    const rules = hintsOf(report).map(([rule]) => rule)
    expect(rules).toEqual(expect.arrayContaining(['no-install-recommends', 'cache-in-image']))
    expect(rules).not.toContain('wasted-bytes')
    expect(fixesOf(report)).toContain('no-install-recommends')
    // dpkg rewrote its status file and debconf its templates: waste all the same.
    expect(report.wastedBytes).toBeGreaterThan(0)
  })

  it('a clean apt-get install on debian:bookworm: no hint, and only the slim base offered', () => {
    expect(at('apt-clean').hints).toEqual([])
    expect(fixesOf(at('apt-clean'))).toEqual(['slim-base'])
  })

  it("FROM node:20: the full-base hint and the slim fix, nothing about the base's own rewrites", () => {
    const report = at('full-base')
    expect(hintsOf(report)).toEqual([['full-base-image', 1]])
    expect(fixesOf(report)).toEqual(['slim-base'])
  })

  it('a production stage: no hint; the stage that copies the builder node_modules: the dev hint and the fix that points at deps', () => {
    expect(at('multi-stage:production').hints).toEqual([])
    const leaky = at('multi-stage:leaky')
    const copy = lineOf(leaky, 'COPY --from=build /app/node_modules')
    expect(hintsOf(leaky)).toEqual([['dev-dependencies', copy]])
    expect(leaky.hints[0].message).toContain('typescript 5.6.3')
    const fix = leaky.fixes?.list.find(item => item.rule === 'production-node-modules')
    expect(fix?.title).toContain('deps')
    expect(fix?.diff).toContain('+COPY --from=deps /app/node_modules ./node_modules')
  })

  it('fixes built with the real npm and apt: the same files, owners and modes but for what each says it removes', () => {
    const fix = (name: string, rule: string) =>
      at(name).fixes?.list.find(item => item.rule === rule)
    const devPackages =
      /^same files, owners and modes; removes \d+ dev packages? \(typescript 5\.6\.3/
    expect(fix('npm-ci', 'omit-dev')).toMatchObject({ unverified: null })
    expect(fix('npm-ci', 'omit-dev')?.removes).toMatch(devPackages)
    expect(fix('multi-stage:leaky', 'production-node-modules')?.removes).toMatch(devPackages)
    expect(fix('cache-later', 'delete-where-written')).toMatchObject({ unverified: null })
    expect(fix('apt-recommends', 'apt-lists')?.removes).toMatch(
      /^same files, owners and modes; removes [\d,]+ files under \/var\/lib\/apt\/lists/
    )
    // Recommended packages are packages: without them curl has no CA certificates.
    expect(fix('apt-recommends', 'no-install-recommends')?.unverified).toMatch(
      /^it changes the app \(the image changed by -[\d.]+ MB compressed.*\): \/etc\/ca-certificates/
    )
    // The slim base: only the base's own files go, and the image still starts node.
    expect(fix('full-base', 'slim-base')?.removes).toMatch(
      /^same files, owners and modes; removes [\d,]+ files of the base image \([\d,]+ packages: /
    )
  })

  // Each fix verified above, built again beside its original and both read by Python's
  // tarfile: every path that differs is one the fix declares it may change.
  const npmOwn = (file: string) =>
    file.startsWith('root/.npm/') || file === 'app/node_modules/.package-lock.json'
  const cacheOrLog = (file: string) =>
    /^(root\/\.npm|var\/lib\/apt\/lists|var\/cache|var\/log)\//.test(file)
  const devPackageOf = (report: ImageReport) => {
    const dev = (report.packages?.list ?? []).filter(item => item.dev).map(item => item.name)
    return (file: string) =>
      npmOwn(file) ||
      file.startsWith('app/node_modules/.bin/') ||
      dev.some(
        name => file === `app/node_modules/${name}` || file.startsWith(`app/node_modules/${name}/`)
      )
  }
  it.each<[string, string, string, string, (report: ImageReport) => (file: string) => boolean]>([
    ['npm-ci', 'omit-dev', 'app', 'npm-ci', devPackageOf],
    ['multi-stage:leaky', 'production-node-modules', 'app', 'multi-stage', devPackageOf],
    ['cache-later', 'delete-where-written', 'app', 'cache-later', () => cacheOrLog],
    ['apt-recommends', 'apt-lists', 'debian', 'apt-recommends', () => cacheOrLog],
    // A new base changes the base's files only: nothing the Dockerfile wrote under /app.
    [
      'full-base',
      'slim-base',
      'app',
      'full-base',
      () => file => !file.startsWith('app/') || npmOwn(file)
    ]
  ])(
    '%s, its %s fix built again and read by a second reader: only what the fix declares differs',
    async (key, rule, folderName, name, declared) => {
      const missing = secondReaderMissing()
      if (missing) return console.log(`skipped: ${missing}`)
      const report = at(key)
      const fix = report.fixes?.list.find(item => item.rule === rule)
      expect(fix?.saving).not.toBeNull()
      const folder = path.join(REAL, folderName)
      const fixed = applyPatch(
        readFileSync(path.join(folder, `${name}.Dockerfile`), 'utf8'),
        fix?.diff ?? ''
      )
      expect(fixed).not.toBe(false)
      const file = path.join(folder, `${name}-fixed.Dockerfile`)
      writeFileSync(file, fixed as string)
      const target = key.split(':')[1]
      try {
        await build(folder, `${name}-fixed.Dockerfile`, {
          tags: imageOf(`${key}-fixed`),
          ...(target ? { targets: target } : {})
        })
      } finally {
        rmSync(file)
      }
      const { removed, added, changed } = differencesOf(
        filesByPython(imageOf(key)),
        filesByPython(imageOf(`${key}-fixed`))
      )
      const allowed = declared(report)
      expect([...removed, ...added, ...changed].filter(path => !allowed(path))).toEqual([])
      expect(removed.length).toBeGreaterThan(0)
    },
    10 * 60_000
  )

  it('finds the packages dpkg-query lists inside the image, with their versions', () => {
    for (const name of ['apt-recommends', 'apt-clean', 'npm-ci']) {
      const report = at(name)
      expect(reportedPackages(report, 'deb')).toEqual(dpkgPackages(imageOf(name)))
    }
  })

  it('finds every npm package inside the image, and what npm ls lists of the app', () => {
    for (const name of ['npm-ci', 'cache-later', 'multi-stage:leaky', 'full-base']) {
      const report = at(name)
      const reported = reportedPackages(report, 'npm')
      expect(reported).toEqual(npmPackagesInside(imageOf(name)))
      for (const [pkg, versions] of npmLs(imageOf(name), '/app'))
        expect([pkg, reported.get(pkg)]).toEqual([pkg, expect.arrayContaining(versions)])
    }
  })

  it("uncompressed is the engine's .Size, but for link targets in layers BuildKit wrote into the classic store", async () => {
    if (world.imageStore !== 'classic')
      return console.log('skipped: .Size means something else on the containerd image store')
    for (const name of ['npm-ci', 'full-base', 'apt-recommends']) {
      const report = at(name)
      const size = Number(await docker('image', 'inspect', '--format', '{{.Size}}', imageOf(name)))
      // What the engine did not count: the targets of the links in the layers its own
      // BuildKit unpacked (a loaded, pulled or committed layer counts them).
      const layers = savedLayers(imageOf(name))
      const uncounted = world.builderExports
        ? 0
        : report.layers
            .map((layer, index) => (layer.createdBy.endsWith('# buildkit') ? layers[index] : []))
            .flat()
            .reduce((sum, entry) => sum + Buffer.byteLength(entry.target ?? ''), 0)
      expect([name, report.uncompressedBytes - size]).toEqual([name, uncounted])
    }
  })

  it("the compressed size is what the engine's own push stores: the same blobs on the containerd store, up to 3% more than the estimate on the classic one", async () => {
    const report = at('npm-ci')
    if (world.builderExports)
      return console.log(
        "skipped: the builder's export is measured; the engine did not make the blobs"
      )
    if (!(await registryAnswers())) return console.log('skipped: no registry on 127.0.0.1:5000')
    const tag = 'localhost:5000/sizegate-real/npm-ci:pushed'
    await docker('tag', imageOf('npm-ci'), tag)
    await docker('push', '-q', tag)
    const digest = (
      await docker('image', 'inspect', '--format', '{{index .RepoDigests 0}}', tag)
    ).split('@')[1]
    const pushed = await pushedManifest(tag, digest)
    const stored =
      (pushed.layers ?? []).reduce((sum, layer) => sum + layer.size, 0) + (pushed.config?.size ?? 0)
    await docker('rmi', tag)
    if (world.imageStore === 'containerd') {
      // It pushes each layer as it holds it: the bases loaded plain, plain (as measured).
      expect(report.compressedSource).toBe('archive')
      expect(stored).toBe(report.compressedBytes)
      return
    }
    expect(report.compressedSource).toBe('gzip-estimate')
    const ratio = stored / report.compressedBytes
    console.log(
      `docker push stored ${stored} bytes, the estimate is ${report.compressedBytes}: ×${ratio.toFixed(4)}`
    )
    expect(ratio).toBeGreaterThanOrEqual(1)
    expect(ratio).toBeLessThan(1.03)
  })
})
