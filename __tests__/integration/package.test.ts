import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { gzipSync } from 'node:zlib'
import semver from 'semver'
import { ImageReportSchema } from '../../src/report/types.js'
import { TOOL_VERSION } from '../../src/version.js'
import { repoRoot } from '../helpers/engine.js'
import { ociLayout, tarOf } from '../helpers/layout.js'
import { importsOf, sourceFiles } from '../helpers/sources.js'

/**
 * The CLI as people install it: the tarball `npm run pack:cli` makes (a release
 * attaches it), installed into an empty prefix with nothing else, run from a folder
 * that is not the clone.
 */
let work: string
let tarball: string

const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

/** A file of the tarball, as text. */
const packedFile = (name: string): string =>
  execFileSync('tar', ['-xzOf', tarball, `package/${name}`], { encoding: 'utf8' })

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'sizegate-package-'))
  tarball = execFileSync('bash', [path.join(repoRoot, 'scripts', 'pack-cli.sh'), work], {
    encoding: 'utf8'
  }).trim()
}, 60_000)
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** The packages the source imports by name (node's own modules aside), type imports too. */
function importedPackages(): string[] {
  const names = sourceFiles()
    .flatMap(file => importsOf(path.join(repoRoot, file), 'all').packages)
    .filter(name => !name.startsWith('node:'))
    .map(name =>
      name
        .split('/')
        .slice(0, name.startsWith('@') ? 2 : 1)
        .join('/')
    )
  return [...new Set(names)].sort()
}

/** An image archive of one gzipped layer holding `bytes` of `name`. */
async function layout(name: string, bytes: number): Promise<Buffer> {
  const layer = await tarOf([[name, randomBytes(bytes)]])
  const stored = { blob: gzipSync(layer), mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' }
  return ociLayout(layer, stored, `COPY ${name} / # buildkit`)
}

describe('the packed CLI', () => {
  it('holds the bundle, its licences, the README and the licence, nothing else', () => {
    const listed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    expect(listed.trim().split('\n').sort()).toEqual([
      'package/LICENSE',
      'package/README.md',
      'package/dist/cli/index.js',
      'package/dist/cli/licenses.txt',
      'package/dist/cli/measure-worker/index.js',
      'package/dist/cli/measure-worker/package.json',
      'package/dist/cli/package.json',
      'package/package.json'
    ])
  })

  it('declares no dependencies, while the repository declares what the bundles hold', () => {
    // The bundle is all the CLI needs: installing it fetches nothing.
    const packed = JSON.parse(packedFile('package.json')) as Record<string, unknown>
    expect(packed).not.toHaveProperty('dependencies')
    const own = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      name: string
      version: string
      bin: object
      dependencies: Record<string, string>
    }
    expect(packed).toMatchObject({ name: own.name, version: own.version, bin: own.bin })
    // What `npm ls --omit=dev` and `npm audit --omit=dev` read is what dist/ ships.
    expect(Object.keys(own.dependencies).sort()).toEqual(importedPackages())
  })

  it('installs into an empty prefix and runs analyze, diff and --version from any folder', async () => {
    const prefix = path.join(work, 'prefix')
    npm(
      ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball],
      work
    )
    const elsewhere = mkdtempSync(path.join(work, 'elsewhere-'))
    const sizegate = (...args: string[]) =>
      spawnSync(path.join(prefix, 'bin', 'sizegate'), args, { cwd: elsewhere, encoding: 'utf8' })

    expect(sizegate('--version').stdout.trim()).toBe(TOOL_VERSION)
    writeFileSync(path.join(elsewhere, 'base.tar'), await layout('app.bin', 100_000))
    writeFileSync(path.join(elsewhere, 'head.tar'), await layout('app.bin', 300_000))
    const analyzed = sizegate('analyze', 'head.tar', '--json')
    expect(analyzed.status).toBe(0)
    const report = ImageReportSchema.parse(JSON.parse(analyzed.stdout))
    expect(report.files.largestFiles).toMatchObject([{ path: 'app.bin', bytes: 300_000 }])
    const diffed = sizegate('diff', 'base.tar', 'head.tar', '--max-increase', '50%')
    expect(diffed.status).toBe(1)
    expect(diffed.stdout).toContain('FAIL: ')
  })

  it('declares the Node versions it runs on and is built on, and every package agrees', () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      engines: { node: string }
      devEngines: { runtime: { version: string } }
    }
    expect(semver.satisfies(process.version, manifest.engines.node)).toBe(true)
    // The tools that build and test it may need a later Node: devEngines says which.
    const building = semver.minVersion(manifest.devEngines.runtime.version)?.version ?? ''
    expect(semver.subset(manifest.devEngines.runtime.version, manifest.engines.node)).toBe(true)
    const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } }>
    }
    const refusing = Object.entries(lock.packages)
      .filter(([, entry]) => entry.engines?.node && !semver.satisfies(building, entry.engines.node))
      .map(([name, entry]) => `${name} (${entry.engines?.node})`)
    expect(refusing).toEqual([])
  })
})
