// The builder's-export path of `npm run bench`: on a builder that exports (a remote
// BuildKit here), the action reads the build's own OCI archive instead of loading
// the image and streaming `docker save`. Every build here is fully cached, so what
// is timed is what the action adds to a build that has nothing left to do.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { makeExportPipe } from '../src/buildx/export-pipe.js'
import type { Stage } from '../src/dockerfile/model.js'
import { ImageMeasurer } from '../src/image/measure-worker.js'
import { timed } from './bench-timing.js'

/** The targets: the measurement step within this share of gzip's time; the action's overhead within 1 s more. */
export const MAX_STEP_RATIO = 0.5
export const OVERHEAD_ALLOWANCE_MS = 1000
const REGISTRY = 'localhost:5000'

export interface ExportBench {
  builder: string
  /** Where each image's build context is, by tag. */
  contexts: Map<string, string>
}

export interface ExportTimes {
  /** The cached build with no output: the build itself. */
  buildMs: number
  /** The cached build exporting into the measurement, until every platform is measured. */
  exportMeasureMs: number
  /** The whole action (probes, build, export, measure, report), the bundled dist/index.js. */
  actionMs: number
}

function buildx(builder: string, context: string, ...output: string[]): void {
  execFileSync(
    'docker',
    ['buildx', 'build', '--builder', builder, '--network', 'none', ...output, context],
    { stdio: ['ignore', 'ignore', 'ignore'] }
  )
}

/**
 * The images on the builder: the base pushed where BuildKit pulls it, each image
 * built once (its cache then holds every layer, compressed), and loaded into the
 * engine as `<tag>-export` so that `docker save | gzip -6` times the same image.
 */
export function prepareExportBench(
  builder: string,
  base: string,
  images: { tag: string; dockerfile: string }[]
): ExportBench {
  const remoteBase = `${REGISTRY}/${base}`
  execFileSync('docker', ['tag', base, remoteBase])
  execFileSync('docker', ['push', '-q', remoteBase], { stdio: 'ignore' })
  const contexts = new Map<string, string>()
  for (const image of images) {
    const dir = mkdtempSync(path.join(tmpdir(), 'sizegate-bench-export-'))
    writeFileSync(
      path.join(dir, 'Dockerfile'),
      image.dockerfile.replace(`FROM ${base}`, `FROM ${remoteBase}`)
    )
    buildx(builder, dir, '--load', '--tag', exportTag(image.tag))
    contexts.set(image.tag, dir)
  }
  return { builder, contexts }
}

export const exportTag = (tag: string): string => `${tag}-export`

export function cleanExportBench(bench: ExportBench): void {
  for (const dir of bench.contexts.values()) rmSync(dir, { recursive: true, force: true })
}

/**
 * The bundled action on a context, as a runner runs it: inputs and files through the
 * environment; `load` also wants the image in the engine.
 */
export function actionRun(builder: string, context: string, load = false): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'sizegate-bench-action-'))
  const files = { GITHUB_OUTPUT: path.join(dir, 'out'), GITHUB_STEP_SUMMARY: path.join(dir, 'sum') }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const env = {
    ...process.env,
    ...files,
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: context,
    INPUT_CONTEXT: context,
    INPUT_BUILDER: builder,
    INPUT_NETWORK: 'none',
    INPUT_CACHE: 'none',
    INPUT_LOAD: String(load),
    INPUT_BASELINE: 'none',
    INPUT_COMMENT: 'never'
  }
  const ms = timed(() => {
    const run = spawnSync(process.execPath, ['dist/index.js'], { env, stdio: 'ignore' })
    if (run.status !== 0) throw new Error(`the action failed on ${context}`)
  })
  rmSync(dir, { recursive: true, force: true })
  return ms
}

/** The cached build exporting into the measurement, in a process of its own. */
function exportMeasureRun(bench: ExportBench, tag: string): number {
  const context = bench.contexts.get(tag) as string
  const child = spawnSync(
    process.execPath,
    [process.argv[1], 'measure-export', tag, bench.builder, context],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }
  )
  if (child.status !== 0) throw new Error(`measuring the export of ${tag} failed`)
  return (JSON.parse(child.stdout) as { ms: number }).ms
}

export function exportTimes(bench: ExportBench, tag: string): ExportTimes {
  const context = bench.contexts.get(tag) as string
  return {
    buildMs: timed(() => buildx(bench.builder, context)),
    exportMeasureMs: exportMeasureRun(bench, tag),
    actionMs: actionRun(bench.builder, context)
  }
}

/** (child process) One cached build exporting into a FIFO that the measuring thread reads. */
export async function exportMeasureOnce(
  builder: string,
  context: string,
  chain: Stage[]
): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sizegate-bench-fifo-'))
  const fifo = path.join(dir, 'image.oci')
  // As the action does: the measuring thread starts before the build.
  const measurer = new ImageMeasurer()
  await makeExportPipe(fifo)
  await new Promise(resolve => setTimeout(resolve, 1000))
  const started = process.hrtime.bigint()
  const measuring = measurer.measureExport(fifo, chain)
  const args = ['buildx', 'build', '--builder', builder, '--network', 'none']
  const build = spawn('docker', [...args, '--output', `type=oci,dest=${fifo}`, context], {
    stdio: 'ignore'
  })
  const built = new Promise<number>(resolve => build.on('close', code => resolve(code ?? 1)))
  const [code] = await Promise.all([built, measuring])
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  await measurer.close()
  rmSync(dir, { recursive: true, force: true })
  if (code !== 0) throw new Error(`the build of ${context} failed`)
  process.stdout.write(JSON.stringify({ ms }))
}
