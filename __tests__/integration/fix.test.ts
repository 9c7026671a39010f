import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { applyPatch } from 'diff'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import type { FixesReport, ImageReport } from '../../src/report/types.js'
import { fixtures, makeBaseImages, repoRoot } from '../helpers/engine.js'
import { differencesOf, filesByPython, secondReaderMissing } from '../helpers/independent.js'

/**
 * `sizegate fix` on the single-stage Node Dockerfile that multi-stage builds
 * replace, on the real engine with the stand-in bases: it writes a Dockerfile that
 * builds, and the saving it reports is the difference of the two images built by hand.
 */
let work: string
let cli: string

const fixture = (name: string) => readFileSync(path.join(fixtures, 'fix', name), 'utf8')
const SINGLE_STAGE = fixture('single-stage.Dockerfile')

function sizegate(...args: string[]) {
  return sizegateIn(work, ...args)
}

function sizegateIn(cwd: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd })
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr }
}

/** A project folder with the Dockerfile and the files it copies. */
function project(name: string): string {
  const folder = path.join(work, name)
  mkdirSync(path.join(folder, 'src'), { recursive: true })
  writeFileSync(path.join(folder, 'Dockerfile'), SINGLE_STAGE)
  writeFileSync(path.join(folder, 'package.json'), '{"name":"app","version":"1.0.0"}\n')
  writeFileSync(path.join(folder, 'package-lock.json'), '{"lockfileVersion":3}\n')
  writeFileSync(path.join(folder, 'src', 'server.ts'), 'export const port = 3000\n')
  return folder
}

/** `docker build` by hand (the Dockerfile kept out of the context), then sizegate's measure of the image. */
function builtByHand(tag: string, folder: string, dockerfile: string): ImageReport {
  const file = path.join(work, `${path.basename(folder)}-${tag.replace(/\W/g, '-')}.Dockerfile`)
  writeFileSync(file, dockerfile)
  execFileSync('docker', ['build', '--network', 'none', '-q', '-t', tag, '-f', file, folder], {
    env: { ...process.env, DOCKER_BUILDKIT: '1' },
    stdio: ['ignore', 'ignore', 'inherit']
  })
  return JSON.parse(sizegate('analyze', tag, '--json').stdout) as ImageReport
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'sizegate-fix-'))
  execFileSync(
    path.join(repoRoot, 'node_modules', '.bin', 'ncc'),
    ['build', 'src/cli.ts', '-o', path.join(work, 'cli'), '-q'],
    { cwd: repoRoot, stdio: 'inherit' }
  )
  cli = path.join(work, 'cli', 'index.js')
  makeBaseImages('node:20', 'node:20-slim')
}, 180_000)
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** Every image in the engine, intermediate ones too. */
const engineImages = () =>
  execFileSync('docker', ['images', '--all', '--quiet', '--no-trunc'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .sort()

describe('sizegate fix', () => {
  let folder: string
  let fixes: FixesReport
  let imagesBefore: string[]
  let imagesAfter: string[]

  beforeAll(() => {
    folder = project('write')
    imagesBefore = engineImages()
    const run = sizegate('fix', folder, '--network', 'none', '--write', '--json')
    imagesAfter = engineImages()
    expect(run.stderr).toContain('Wrote 1 fix to')
    expect(run.status).toBe(0)
    const [printed] = JSON.parse(run.stdout) as { fixes: FixesReport }[]
    fixes = printed.fixes
  }, 600_000)

  it('leaves no image behind: not the original build, not a fix', () => {
    expect(imagesAfter).toEqual(imagesBefore)
  })

  it('splits the single stage into a build stage and a slim runtime stage, and writes it', () => {
    expect(fixes.list.map(fix => fix.rule)).toEqual(['multi-stage', 'slim-base'])
    expect(readFileSync(path.join(folder, 'Dockerfile'), 'utf8')).toBe(
      fixture('multi-stage.Dockerfile')
    )
  })

  it('reports the saving a build of it measured: the difference of the two images built by hand', () => {
    const before = builtByHand('sizegate-fix-test:before', folder, SINGLE_STAGE)
    const after = builtByHand(
      'sizegate-fix-test:after',
      folder,
      readFileSync(path.join(folder, 'Dockerfile'), 'utf8')
    )
    const saving = fixes.together.saving
    expect(saving).not.toBeNull()
    const byHand = before.compressedBytes - after.compressedBytes
    expect(byHand).toBeGreaterThan(5_000_000)
    expect(Math.abs((saving?.compressedBytes ?? 0) - byHand) / byHand).toBeLessThan(0.01)
    const onDisk = before.uncompressedBytes - after.uncompressedBytes
    expect(Math.abs((saving?.uncompressedBytes ?? 0) - onDisk) / onDisk).toBeLessThan(0.01)
  })

  it('is the original image but for the dev packages it says it removes, read by a second reader', () => {
    expect(fixes.together.removes).toMatch(/^same files, owners and modes; removes 25 dev packages/)
    const missing = secondReaderMissing()
    if (missing) return console.warn(`skipped the second reader: ${missing}`)
    const { removed, added, changed } = differencesOf(
      filesByPython('sizegate-fix-test:before'),
      filesByPython('sizegate-fix-test:after')
    )
    const devPackages = new Set(
      removed.map(file => /^app\/node_modules\/(devtool-\d+)/.exec(file)?.[1])
    )
    expect([...devPackages].sort()).toEqual(
      Array.from({ length: 25 }, (_, index) => `devtool-${index + 1}`).sort()
    )
    // npm's record of the tree is rewritten with it; nothing else differs.
    expect({ added, changed }).toEqual({
      added: [],
      changed: ['app/node_modules/.package-lock.json']
    })
  })

  it('shows a fix that saves nothing as unverified, with the reason, never as a saving', () => {
    // The stand-in node:20 and node:20-slim are one image: the slim base saves nothing here.
    const slim = fixes.list.find(fix => fix.rule === 'slim-base')
    expect(slim).toMatchObject({ saving: null })
    expect(slim?.unverified).toMatch(/^it saved nothing/)
  })

  it('prints each fix with its lines, saving and unified diff, and the cost of verifying', () => {
    const again = project('print')
    // Run in the project, as on a laptop: the Dockerfile is named as the user knows it.
    const run = sizegateIn(again, 'fix', '--network', 'none')
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('Fix 1: Build in a stage of its own')
    expect(run.stdout).toMatch(
      /\(Dockerfile:1-6\)\n {2}saves [\d.]+ MB compressed, [\d.]+ MB on disk \(measured by a build\)/
    )
    expect(run.stdout).toContain(
      '--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,8 +1,15 @@\n-FROM node:20\n+FROM node:20 AS build'
    )
    expect(run.stdout).toContain('  not verified: it saved nothing')
    expect(run.stdout).toMatch(/Verified in [\d.]+ s of builds\./)
    // Without --write, the Dockerfile stays as it was.
    expect(readFileSync(path.join(again, 'Dockerfile'), 'utf8')).toBe(SINGLE_STAGE)
  }, 600_000)
})

describe('sizegate fix of a RUN chown -R over four COPY lines', () => {
  // The seed's final stage, with numeric ids (the stand-in base has no adduser).
  const CHOWN = [
    'FROM node:20-slim AS deps',
    'WORKDIR /app',
    'COPY package*.json ./',
    'RUN npm ci --only=production',
    '',
    'FROM node:20-slim AS builder',
    'WORKDIR /app',
    'COPY package*.json ./',
    'RUN npm ci',
    'COPY src ./src',
    'RUN npm run build',
    '',
    'FROM node:20-slim AS runner',
    'WORKDIR /app',
    'COPY --from=builder /app/dist ./dist',
    'COPY --from=deps /app/node_modules ./node_modules',
    'COPY package.json ./',
    'COPY src ./src',
    'RUN chown -R 1001:1001 /app',
    'USER 1001',
    'CMD ["node", "dist/server.js"]',
    ''
  ].join('\n')
  let folder: string
  let fixes: FixesReport

  beforeAll(() => {
    folder = project('chown')
    writeFileSync(path.join(folder, 'Dockerfile'), CHOWN)
    const run = sizegateIn(folder, 'fix', '--network', 'none', '--json')
    expect(run.status).toBe(0)
    fixes = (JSON.parse(run.stdout) as { fixes: FixesReport }[])[0].fixes
  }, 600_000)

  it('offers one fix, --chown on all four and the folder chowned alone, proven the same file for file', () => {
    const chown = fixes.list.filter(fix => fix.rule === 'copy-chown')
    expect(chown).toHaveLength(1)
    expect(chown[0].diff).toContain('+RUN chown 1001:1001 /app')
    expect(chown[0].diff.match(/^\+COPY --chown=1001:1001 /gm)).toHaveLength(4)
    expect(chown[0]).toMatchObject({ unverified: null, removes: 'same files, owners and modes' })
    expect(chown[0].saving?.uncompressedBytes).toBeGreaterThan(1_000_000)
  })

  it('calls no fix verified whose image differs in an owner, a mode or the config', () => {
    for (const fix of fixes.list)
      if (fix.saving === null) expect(fix.unverified).not.toMatch(/^it changes the app.*owner/)
      else expect(fix.removes).toMatch(/^same files, owners and modes/)
  })

  it('is the original image file for file, owners and modes included, read by a second reader', () => {
    const missing = secondReaderMissing()
    if (missing) return console.warn(`skipped the second reader: ${missing}`)
    const fix = fixes.list.find(item => item.rule === 'copy-chown')
    const fixed = applyPatch(CHOWN, fix?.diff ?? '')
    expect(fixed).not.toBe(false)
    builtByHand('sizegate-fix-test:chown-before', folder, CHOWN)
    builtByHand('sizegate-fix-test:chown-after', folder, fixed as string)
    expect(
      differencesOf(
        filesByPython('sizegate-fix-test:chown-before'),
        filesByPython('sizegate-fix-test:chown-after')
      )
    ).toEqual({ removed: [], added: [], changed: [] })
  }, 300_000)
})
