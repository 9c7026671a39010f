import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
export const repoRoot = path.resolve(new URL('.', import.meta.url).pathname, '..', '..')
export const fixtures = path.join(repoRoot, '__tests__', 'fixtures')

/** The docker CLI first on PATH (scripts/test.sh puts the engine's own client there). */
export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { maxBuffer: 64 * 1024 * 1024 })
  return stdout.trim()
}

/** Base images built locally from busybox, tagged with the names the fixtures use. */
export function makeBaseImages(...tags: string[]): void {
  execFileSync('bash', [path.join(repoRoot, 'scripts', 'make-base-image.sh'), ...tags], {
    stdio: 'inherit'
  })
}

/** The engine's own per-layer sizes (docker history), base first, zero-size entries left out. */
export async function engineLayerSizes(image: string): Promise<number[]> {
  const sizes = await docker(
    'history',
    '--no-trunc',
    '--human=false',
    '--format',
    '{{.Size}}',
    image
  )
  return sizes
    .split('\n')
    .map(Number)
    .filter(size => size > 0)
    .reverse()
}

/** Each layer of the image gzipped by the system gzip (default level), base first. */
export function systemGzipSizes(image: string): number[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'sizegate-save-'))
  try {
    execFileSync('sh', ['-c', 'docker save "$1" | tar -x -C "$2"', 'save', image, dir])
    const [manifest] = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      Layers: string[]
    }[]
    return manifest.Layers.map(layer =>
      Number(
        execFileSync('sh', ['-c', 'gzip -c "$1" | wc -c', 'gzip', path.join(dir, layer)])
          .toString()
          .trim()
      )
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
