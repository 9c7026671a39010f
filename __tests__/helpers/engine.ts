import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
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

/** `docker save` of an image unpacked into a folder of its own, handed to `read` with its manifest. */
export function readSavedImage<T>(
  image: string,
  read: (dir: string, manifest: { Config: string; Layers: string[] }) => T
): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'sizegate-save-'))
  try {
    execFileSync('sh', ['-c', 'docker save "$1" | tar -x -C "$2"', 'save', image, dir])
    const [manifest] = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      Config: string
      Layers: string[]
    }[]
    return read(dir, manifest)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The image as `docker save` writes it: each layer blob's size (compressed on the
 * containerd image store), its content bytes as the system tar lists them (file
 * sizes, and a symlink's target length, as the classic store counts), and the
 * config blob's size.
 */
export function savedImage(image: string): {
  layers: { blobBytes: number; contentBytes: number }[]
  configBytes: number
} {
  return readSavedImage(image, (dir, manifest) => {
    const size = (file: string) => statSync(path.join(dir, file)).size
    const layers = manifest.Layers.map(layer => ({
      blobBytes: size(layer),
      contentBytes: tarContentBytes(path.join(dir, layer))
    }))
    return { layers, configBytes: size(manifest.Config) }
  })
}

/** Content bytes of a layer tar (plain or gzip) by GNU tar's verbose listing. */
function tarContentBytes(file: string): number {
  const listing = execFileSync('tar', ['-tvf', file, '--numeric-owner'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024
  })
  let bytes = 0
  for (const line of listing.split('\n')) {
    const [mode, , size] = line.split(/\s+/)
    if (mode?.startsWith('-')) bytes += Number(size)
    else if (mode?.startsWith('l')) bytes += line.slice(line.lastIndexOf(' -> ') + 4).length
  }
  return bytes
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

/**
 * Each layer of the image gzipped by the system gzip (default level), base first,
 * as a push would frame it: no file name or time in the header (`-n`). Without
 * `-n`, gzip stores the blob's name, 65 bytes of `<sha256 hex>` and its NUL, which no
 * push writes and which once made a small layer's 64-byte margin fail.
 */
export function systemGzipSizes(image: string): number[] {
  return readSavedImage(image, (dir, manifest) =>
    manifest.Layers.map(layer =>
      Number(
        execFileSync('sh', ['-c', 'gzip -n -c <"$1" | wc -c', 'gzip', path.join(dir, layer)])
          .toString()
          .trim()
      )
    )
  )
}
