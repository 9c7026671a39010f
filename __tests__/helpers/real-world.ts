import { execFileSync } from 'node:child_process'
import * as path from 'node:path'
import type { ImageReport } from '../../src/report/types.js'
import { readSavedImage, repoRoot } from './engine.js'

/**
 * The real-image world (scripts/real-bases.sh): base images made from Debian's
 * archive and Node.js from the npm registry under the official names, put in this
 * engine (and, for a builder that pulls, in the tests' registry). Undefined when
 * they are there; else why not, for the tests to say they were skipped. The first
 * run makes them (minutes); later runs load or find them.
 */
export function realBasesMissing(): string | undefined {
  try {
    execFileSync('bash', [path.join(repoRoot, 'scripts', 'real-bases.sh'), 'ensure'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 30 * 60_000,
      maxBuffer: 16 * 1024 * 1024
    })
    return undefined
  } catch (error) {
    const said = String((error as { stderr?: Buffer }).stderr ?? '').trim()
    const last = said.split('\n').slice(-3).join(' ')
    return `the real base images could not be made (scripts/real-bases.sh ensure: ${last || (error as Error).message}); they need Debian's archive and the npm registry`
  }
}

/** A command's output inside the image, with no network; a failing command's output all the same. */
function inside(image: string, ...command: string[]): string {
  try {
    return execFileSync(
      'docker',
      ['run', '--rm', '--network', 'none', '--user', '0', '--entrypoint', '', image, ...command],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] }
    )
  } catch (error) {
    const stdout = (error as { stdout?: string }).stdout
    if (stdout) return stdout
    throw error
  }
}

/** Name → versions, sorted, for comparing package lists. */
export type PackageVersions = Map<string, string[]>

function addVersion(into: PackageVersions, name: string, version: string): void {
  const versions = into.get(name) ?? []
  if (!versions.includes(version)) into.set(name, [...versions, version].sort())
}

/** The report's packages of one ecosystem, as name → versions. */
export function reportedPackages(report: ImageReport, ecosystem: string): PackageVersions {
  const found: PackageVersions = new Map()
  for (const item of report.packages?.list ?? [])
    if (item.ecosystem === ecosystem)
      for (const version of item.versions) addVersion(found, item.name, version)
  return found
}

/** Debian's packages as dpkg-query lists them inside the image. */
export function dpkgPackages(image: string): PackageVersions {
  const found: PackageVersions = new Map()
  const listing = inside(image, 'dpkg-query', '-W', '-f', '${Package}\t${Version}\n')
  for (const line of listing.split('\n').filter(Boolean)) {
    const [name, version] = line.split('\t')
    addVersion(found, name, version)
  }
  return found
}

/**
 * Every npm package inside the image: each `node_modules/<name>/package.json`
 * (and `@scope/<name>`), read by the image's own node.
 */
export function npmPackagesInside(image: string): PackageVersions {
  const script = `
    const fs = require('fs'), path = require('path')
    const out = []
    const walk = dir => {
      let names
      try { names = fs.readdirSync(dir, { withFileTypes: true }) } catch { return }
      for (const entry of names) {
        if (!entry.isDirectory() || ['proc', 'sys', 'dev'].includes(entry.name) && dir === '/') continue
        const full = path.join(dir, entry.name)
        if (path.basename(dir) === 'node_modules' || path.basename(path.dirname(dir)) === 'node_modules' && path.basename(dir).startsWith('@')) {
          try {
            const manifest = JSON.parse(fs.readFileSync(path.join(full, 'package.json'), 'utf8'))
            if (manifest.name && manifest.version) out.push(manifest.name + '\\t' + manifest.version)
          } catch {}
        }
        walk(full)
      }
    }
    walk('/')
    console.log(out.join('\\n'))`
  const found: PackageVersions = new Map()
  for (const line of inside(image, 'node', '-e', script).split('\n').filter(Boolean)) {
    const [name, version] = line.split('\t')
    addVersion(found, name, version)
  }
  return found
}

/**
 * The app's packages as `npm ls --all` sees them in `folder` inside the image (it
 * exits 1 for dev dependencies left out, and lists the rest all the same).
 */
export function npmLs(image: string, folder: string): PackageVersions {
  interface Tree {
    version?: string
    dependencies?: Record<string, Tree>
  }
  const tree = JSON.parse(
    inside(image, 'npm', 'ls', '--all', '--json', '--prefix', folder, '--offline')
  ) as Tree
  const found: PackageVersions = new Map()
  const walk = (node: Tree) => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (child.version) addVersion(found, name, child.version)
      walk(child)
    }
  }
  walk(tree)
  return found
}

/** One layer's entries as GNU tar lists them: path, type letter, size, a symlink's target. */
interface TarEntry {
  path: string
  type: string
  size: number
  target?: string
}

/** Each layer of the image as `docker save` writes it, listed by GNU tar, base first. */
export function savedLayers(image: string): TarEntry[][] {
  return readSavedImage(image, (dir, manifest) =>
    manifest.Layers.map(layer => {
      const listing = execFileSync(
        'tar',
        ['-tvf', path.join(dir, layer), '--numeric-owner', '--quoting-style=literal'],
        { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 }
      )
      return listing
        .split('\n')
        .filter(Boolean)
        .map(line => {
          const [mode, , size, , , ...rest] = line.split(/\s+/)
          const [name, target] = rest.join(' ').split(' link to ')[0].split(' -> ')
          const entry = { path: name.replace(/^\.?\//, ''), type: mode[0], size: Number(size) }
          return mode[0] === 'l' ? { ...entry, target } : entry
        })
    })
  )
}
