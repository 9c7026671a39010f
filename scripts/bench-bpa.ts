// build-push-action's build beside sizegate's whole step, in the hosted-runner world of
// `npm run bench`: the same inputs (context, network none, load: true, the current
// builder), every step in the builder's cache. build-push-action runs one command for
// them (src/context.ts: --iidfile, --load, --metadata-file, --network; no default
// provenance when loading); sizegate's step is the bundled action from start to end:
// node, the probes, the build with its export read as it is written and loaded, the
// report. Runs alternate, in turn first; medians.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { actionRun } from './bench-export.js'
import { median, timed } from './bench-timing.js'

/** The targets: on a large image a share of the build; on a small one, a fixed cost. */
const MAX_LARGE_RATIO = 1.05
const MAX_SMALL_EXTRA_MS = 500

export interface BpaImage {
  tag: string
  what: string
  dockerfile: string
  /** Judged by its fixed cost (small) or by its ratio (large). */
  size: 'small' | 'large'
}

export interface BpaRow {
  image: BpaImage
  bpaMs: number
  stepMs: number
}

const extraMs = (row: BpaRow): number => row.stepMs - row.bpaMs
const ratio = (row: BpaRow): number => row.stepMs / row.bpaMs
export const bpaMet = (row: BpaRow): boolean =>
  row.image.size === 'small' ? extraMs(row) <= MAX_SMALL_EXTRA_MS : ratio(row) <= MAX_LARGE_RATIO

/** The command build-push-action runs for these inputs. */
function bpaBuild(builder: string, dir: string): void {
  const files = mkdtempSync(path.join(tmpdir(), 'sizegate-bench-bpa-files-'))
  const args = ['buildx', 'build', '--iidfile', path.join(files, 'iid')]
  args.push('--builder', builder, '--load', '--metadata-file', path.join(files, 'metadata.json'))
  execFileSync('docker', [...args, '--network', 'none', dir], {
    stdio: ['ignore', 'ignore', 'ignore']
  })
  rmSync(files, { recursive: true, force: true })
}

function bpaRow(builder: string, image: BpaImage, runs: number): BpaRow {
  const dir = mkdtempSync(path.join(tmpdir(), 'sizegate-bench-bpa-'))
  try {
    writeFileSync(path.join(dir, 'Dockerfile'), image.dockerfile)
    // Built once: the builder's cache then holds every step, and the engine the image.
    bpaBuild(builder, dir)
    const bpa: number[] = []
    const step: number[] = []
    for (let run = 0; run < runs; run++) {
      if (run % 2 === 0) bpa.push(timed(() => bpaBuild(builder, dir)))
      step.push(actionRun(builder, dir, true))
      if (run % 2 === 1) bpa.push(timed(() => bpaBuild(builder, dir)))
    }
    const row = { image, bpaMs: median(bpa), stepMs: median(step) }
    console.log(
      `${image.tag} (beside build-push-action's build): ${ratio(row).toFixed(2)}×, ${extraMs(row).toFixed(0)} ms more`
    )
    return row
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export function bpaRows(builder: string, images: BpaImage[], runs: number): BpaRow[] {
  return images.map(image => bpaRow(builder, image, runs))
}

const ms = (value: number): string => `${value.toFixed(0)} ms`

export function bpaMarkdown(rows: BpaRow[], runs: number): string[] {
  const cells = rows.map(row => {
    const target =
      row.image.size === 'small'
        ? `at most +${MAX_SMALL_EXTRA_MS} ms`
        : `at most ${MAX_LARGE_RATIO}×`
    return `| ${row.image.what} | ${ms(row.bpaMs)} | ${ms(row.stepMs)} | ${ratio(row).toFixed(2)}× | +${ms(extraMs(row))} | ${target}: ${bpaMet(row) ? 'met' : '**missed**'} |`
  })
  return [
    "### Beside build-push-action's build",
    '',
    'The same inputs (`network: none`, `load: true`, the current builder), every step in',
    "the builder's cache: build-push-action's `docker buildx build` (its flags for these",
    'inputs: `--iidfile`, `--load`, `--metadata-file`, `--network`) against the whole',
    'sizegate step (node, the probes, the build with its export measured and loaded, the',
    `report). Medians of ${runs} runs each, alternating.`,
    '',
    "| Image | build-push-action's build | sizegate step | Ratio | More | Target |",
    '|---|---:|---:|---:|---:|---|',
    ...cells,
    ''
  ]
}
