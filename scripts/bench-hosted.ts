// The hosted runner's path in `npm run bench`: a docker-container builder on the current
// BuildKit, made as docker/setup-buildx-action makes it, with every step of the build in
// its cache. The whole bundled action is timed against `docker save | gzip -6` of the
// same image in the engine: with the image only exported into the measurement, and with
// `load: true`, where the one export feeds both the measurement and `docker load`.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { actionRun } from './bench-export.js'
import { gzipRun, median, timed } from './bench-timing.js'

/** The targets: the whole action within these shares of gzip's time. */
const MAX_EXPORT_RATIO = 0.5
const MAX_LOAD_RATIO = 0.8

export interface HostedRow {
  what: string
  tag: string
  gzipMs: number
  /** buildx writing the export to /dev/null: the floor of any reader of it. */
  floorMs: number
  exportMs: number
  /** With load, into an engine that has the image's layers already (a re-run). */
  loadMs: number
  /** With load, into an engine without the image (one run), and `docker load` alone of it. */
  freshLoadMs: number
  dockerLoadMs: number
}

const exportRatio = (row: HostedRow): number => row.exportMs / row.gzipMs
const loadRatio = (row: HostedRow): number => row.loadMs / row.gzipMs
export const hostedMet = (row: HostedRow): boolean =>
  exportRatio(row) <= MAX_EXPORT_RATIO && loadRatio(row) <= MAX_LOAD_RATIO

/** The current builder's name (docker buildx inspect). */
export function currentBuilder(): string {
  const inspect = execFileSync('docker', ['buildx', 'inspect'], { encoding: 'utf8' })
  return /^Name:\s*(\S+)/m.exec(inspect)?.[1] ?? 'default'
}

function buildx(builder: string, dir: string, ...output: string[]): void {
  execFileSync(
    'docker',
    ['buildx', 'build', '--builder', builder, '--network', 'none', ...output, dir],
    {
      stdio: ['ignore', 'ignore', 'ignore']
    }
  )
}

/** The image's id in the engine. */
const idOf = (tag: string): string =>
  execFileSync('docker', ['image', 'inspect', '--format', '{{.Id}}', tag]).toString().trim()

/** One action with load into an engine without the image, and `docker load` alone of its archive. */
function freshLoads(builder: string, dir: string, tag: string): [number, number] {
  const archive = path.join(dir, 'image.tar')
  buildx(builder, dir, '--output', `type=docker,dest=${archive}`)
  const id = idOf(tag)
  execFileSync('docker', ['rmi', '-f', id], { stdio: 'ignore' })
  const action = actionRun(builder, dir, true)
  execFileSync('docker', ['rmi', '-f', id], { stdio: 'ignore' })
  const alone = timed(() => execFileSync('docker', ['load', '-i', archive], { stdio: 'ignore' }))
  execFileSync('docker', ['tag', id, tag])
  rmSync(archive)
  return [action, alone]
}

function hostedRow(
  builder: string,
  image: { tag: string; what: string; dockerfile: string },
  runs: number
): HostedRow {
  const dir = mkdtempSync(path.join(tmpdir(), 'sizegate-bench-hosted-'))
  try {
    writeFileSync(path.join(dir, 'Dockerfile'), image.dockerfile)
    // Built once on the builder (its cache then holds every step) and loaded for gzip.
    buildx(builder, dir, '--load', '-t', image.tag)
    const times = {
      gzip: [] as number[],
      floor: [] as number[],
      exported: [] as number[],
      loaded: [] as number[]
    }
    for (let run = 0; run < runs; run++) {
      times.gzip.push(gzipRun(image.tag))
      times.floor.push(timed(() => buildx(builder, dir, '--output', 'type=oci,dest=/dev/null')))
      times.exported.push(actionRun(builder, dir))
      times.loaded.push(actionRun(builder, dir, true))
    }
    const [freshLoadMs, dockerLoadMs] = freshLoads(builder, dir, image.tag)
    const row: HostedRow = {
      what: image.what,
      tag: image.tag,
      gzipMs: median(times.gzip),
      floorMs: median(times.floor),
      exportMs: median(times.exported),
      loadMs: median(times.loaded),
      freshLoadMs,
      dockerLoadMs
    }
    console.log(
      `${image.tag} (hosted runner): exported ${exportRatio(row).toFixed(2)}×, loaded ${loadRatio(row).toFixed(2)}× gzip`
    )
    return row
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export function hostedRows(
  images: { tag: string; what: string; dockerfile: string }[],
  runs: number
): HostedRow[] {
  const builder = currentBuilder()
  return images.map(image => hostedRow(builder, image, runs))
}

const ms = (value: number): string => `${value.toFixed(0)} ms`

export function hostedMarkdown(rows: HostedRow[], runs: number): string[] {
  const cells = rows.map(
    row =>
      `| ${row.what} | ${ms(row.gzipMs)} | ${ms(row.floorMs)} | ${ms(row.exportMs)} | ${exportRatio(row).toFixed(2)}× | ${ms(row.loadMs)} | ${loadRatio(row).toFixed(2)}× | ${ms(row.freshLoadMs)} | ${ms(row.dockerLoadMs)} | ${hostedMet(row) ? 'met' : '**missed**'} |`
  )
  return [
    "## On GitHub's hosted runner",
    '',
    'Docker 28 (classic image store), buildx 0.36, and a `docker-container` builder on',
    'BuildKit 0.32 made as `docker/setup-buildx-action` makes it, with every step of the',
    'build in its cache. Timed: the whole bundled action (probes, the cached build, the',
    'export read as it is written, the report) with the image only exported, and with',
    '`load: true`, where the one export is a docker archive that the measurement also',
    'hands to `docker load`, each against `docker save | gzip -6` of the same image.',
    `Medians of ${runs} runs; the ratios are ratios of medians.`,
    '',
    '- **export floor**: the same cached build writing its export to `/dev/null`, no',
    '  reader: what the builder and its transport take, whoever reads the archive;',
    '- **load**: into an engine that has the image already (a re-run, a warm',
    '  self-hosted runner), as the target is set;',
    '- **fresh load** (one run): into an engine without the image, next to `docker load`',
    '  of the same archive alone: on the classic store the engine unpacks every file,',
    '  which is its own cost (a minute for 100,000 files here) whoever feeds it.',
    '',
    `Targets: at most ${MAX_EXPORT_RATIO}× exported, at most ${MAX_LOAD_RATIO}× with \`load: true\`.`,
    '',
    '| Image | `docker save \\| gzip -6` | export floor | action, exported | Ratio | action, `load: true` | Ratio | fresh load | `docker load` alone | Target |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...cells,
    ''
  ]
}
