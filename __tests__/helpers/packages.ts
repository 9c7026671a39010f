import { execFileSync, spawnSync } from 'node:child_process'
import { lstatSync, readdirSync, readlinkSync } from 'node:fs'
import * as path from 'node:path'
import { analyzeFiles } from '../../src/image/files.js'
import { analyzeLayer } from '../../src/image/layer.js'
import type { ImagePackage } from '../../src/image/packages/types.js'

/** A layer tar of `paths` under `root`, written by GNU tar as a builder would (links kept as links). */
export function tarFrom(root: string, paths: string[], transform?: string): Buffer {
  const flags = transform ? [`--transform=${transform}`] : []
  return execFileSync('tar', ['-C', root, ...flags, '--no-recursion', '-cf', '-', '--', ...paths], {
    maxBuffer: 1 << 30
  })
}

/** Every path under `folder` (itself included), relative to `root`, parents first. */
export function pathsUnder(root: string, folder: string): string[] {
  const found: string[] = []
  const stack = [folder]
  while (stack.length > 0) {
    const at = stack.pop() as string
    found.push(at)
    const full = path.join(root, at)
    if (lstatSync(full).isDirectory())
      for (const name of readdirSync(full).sort().reverse()) stack.push(path.join(at, name))
  }
  return found
}

/** The packages sizegate finds in an image of these layer tars, by `ecosystem/name`. */
export async function packagesOf(...layers: Buffer[]): Promise<Map<string, ImagePackage>> {
  const analyses = await Promise.all(layers.map(layer => analyzeLayer([layer])))
  const { packages } = analyzeFiles(
    analyses.map(analysis => analysis.entries),
    analyses.map(analysis => analysis.packages)
  )
  return new Map(packages.map(item => [`${item.ecosystem}/${item.name}`, item]))
}

/** Bytes of a file as the engine counts them: a file's size, a link's target length. */
export function fileBytes(file: string): number {
  const stat = lstatSync(file)
  if (stat.isSymbolicLink()) return Buffer.byteLength(readlinkSync(file))
  return stat.isFile() ? stat.size : 0
}

/** Bytes of every file under `folder`, leaving out the folders `skip` says to. */
export function folderBytes(
  folder: string,
  skip: (relative: string) => boolean = () => false
): number {
  let bytes = 0
  const stack = ['']
  while (stack.length > 0) {
    const at = stack.pop() as string
    const full = path.join(folder, at)
    const stat = lstatSync(full)
    if (!stat.isDirectory()) bytes += fileBytes(full)
    else
      for (const name of readdirSync(full))
        if (!skip(path.join(at, name))) stack.push(path.join(at, name))
  }
  return bytes
}

/** Why a command cannot be used here, or undefined when it can. */
export function missing(command: string, ...args: string[]): string | undefined {
  const run = spawnSync(command, args, { encoding: 'utf8' })
  return run.status === 0 ? undefined : `${command} is not installed here`
}
