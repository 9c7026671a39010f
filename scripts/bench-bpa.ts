// build-push-action's build beside sizegate's whole step, in the hosted-runner world of
// `npm run bench`: the same inputs (context, network none, load: true, the current
// builder), every step in the builder's cache. build-push-action runs one command for
// them (src/context.ts: --iidfile, --load, --metadata-file, --network; no default
// provenance when loading); sizegate's step is the bundled action from start to end:
// node, the probes, the build with its export read as it is written and loaded, the
// report. Runs alternate, in turn first; medians.
//
// Where SIZEGATE_BENCH_BPA names build-push-action's committed bundle (dist/index.cjs
// in a checkout of docker/build-push-action), its whole step is timed too, run as a
// runner runs it: every input's default from its action.yml, the runner's variables,
// its build summary and build record upload off (they post to GitHub).
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { parse } from 'yaml'
import { actionRun } from './bench-export.js'
import { median, timed } from './bench-timing.js'

/** The targets: on a large image a share of the build; on a small one, a fixed cost. */
const MAX_LARGE_RATIO = 1.05
const MAX_SMALL_EXTRA_MS = 500
/** build-push-action's dist/index.cjs, its action.yml two folders up; unset: its step is not timed. */
const BPA_BUNDLE = process.env.SIZEGATE_BENCH_BPA

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
  /** build-push-action's whole step, where its bundle is at hand. */
  bpaStepMs?: number
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

/** The step's environment as a runner gives it: each input's default, then these inputs. */
function bpaStepEnv(bundle: string, dir: string, inputs: Record<string, string>) {
  const action = parse(
    readFileSync(path.join(path.dirname(bundle), '..', 'action.yml'), 'utf8')
  ) as { inputs: Record<string, { default?: unknown }> }
  const env: NodeJS.ProcessEnv = { ...process.env }
  const given = { ...inputs, 'github-token': 'unused' }
  for (const [name, input] of Object.entries(action.inputs))
    if (input.default !== undefined) env[`INPUT_${name.toUpperCase()}`] = String(input.default)
  for (const [name, value] of Object.entries(given)) env[`INPUT_${name.toUpperCase()}`] = value
  const files = ['out', 'state', 'summary'].map(name => path.join(dir, name))
  for (const file of files) writeFileSync(file, '')
  writeFileSync(path.join(dir, 'event.json'), '{"repository":{"private":false}}')
  return {
    ...env,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: files[0],
    GITHUB_STATE: files[1],
    GITHUB_STEP_SUMMARY: files[2],
    GITHUB_EVENT_PATH: path.join(dir, 'event.json'),
    GITHUB_EVENT_NAME: 'push',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_REPOSITORY: 'sizegate/bench',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: '0'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    RUNNER_TEMP: dir,
    DOCKER_BUILD_SUMMARY: 'false',
    DOCKER_BUILD_RECORD_UPLOAD: 'false'
  }
}

/** build-push-action's whole step (its main part; the post step only cleans up). */
function bpaStep(bundle: string, builder: string, context: string): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'sizegate-bench-bpa-step-'))
  const inputs = { context, builder, network: 'none', load: 'true' }
  const env = bpaStepEnv(bundle, dir, inputs)
  try {
    return timed(() => {
      const run = spawnSync(process.execPath, [bundle], { env, stdio: 'ignore' })
      if (run.status !== 0) throw new Error(`build-push-action's step failed on ${context}`)
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function bpaRow(builder: string, image: BpaImage, runs: number): BpaRow {
  const dir = mkdtempSync(path.join(tmpdir(), 'sizegate-bench-bpa-'))
  try {
    writeFileSync(path.join(dir, 'Dockerfile'), image.dockerfile)
    // Built once: the builder's cache then holds every step, and the engine the image.
    bpaBuild(builder, dir)
    const bpa: number[] = []
    const step: number[] = []
    const bpaSteps: number[] = []
    for (let run = 0; run < runs; run++) {
      if (run % 2 === 0) bpa.push(timed(() => bpaBuild(builder, dir)))
      step.push(actionRun(builder, dir, true))
      if (BPA_BUNDLE) bpaSteps.push(bpaStep(BPA_BUNDLE, builder, dir))
      if (run % 2 === 1) bpa.push(timed(() => bpaBuild(builder, dir)))
    }
    const bpaStepMs = BPA_BUNDLE ? median(bpaSteps) : undefined
    const row = { image, bpaMs: median(bpa), stepMs: median(step), bpaStepMs }
    const besideStep = bpaStepMs ? `; its whole step ${bpaStepMs.toFixed(0)} ms` : ''
    console.log(
      `${image.tag} (beside build-push-action's build): ${ratio(row).toFixed(2)}×, ${extraMs(row).toFixed(0)} ms more${besideStep}`
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

/** The step's own cell, beside build-push-action's whole step where it was timed. */
const stepCells = (row: BpaRow): string =>
  row.bpaStepMs === undefined
    ? ''
    : ` ${ms(row.bpaStepMs)} | ${(row.stepMs / row.bpaStepMs).toFixed(2)}× |`

export function bpaMarkdown(rows: BpaRow[], runs: number): string[] {
  const withStep = rows.some(row => row.bpaStepMs !== undefined)
  const cells = rows.map(row => {
    const target =
      row.image.size === 'small'
        ? `at most +${MAX_SMALL_EXTRA_MS} ms`
        : `at most ${MAX_LARGE_RATIO}×`
    return `| ${row.image.what} | ${ms(row.bpaMs)} | ${ms(row.stepMs)} | ${ratio(row).toFixed(2)}× | +${ms(extraMs(row))} | ${target}: ${bpaMet(row) ? 'met' : '**missed**'} |${stepCells(row)}`
  })
  const stepHeads = withStep ? " build-push-action's step | sizegate by its step |" : ''
  const stepNote = withStep
    ? [
        "The last two columns time build-push-action's whole step too (its committed",
        'bundle, as a runner runs it: every default of its action.yml, its build summary and',
        'record upload off), which asks Docker and buildx about themselves before it builds.',
        ''
      ]
    : [
        "build-push-action's whole step is timed beside them where SIZEGATE_BENCH_BPA names",
        'its bundle (dist/index.cjs in a checkout of docker/build-push-action); not this time.',
        ''
      ]
  return [
    "### Beside build-push-action's build",
    '',
    'The same inputs (`network: none`, `load: true`, the current builder), every step in',
    "the builder's cache: build-push-action's `docker buildx build` (its flags for these",
    'inputs: `--iidfile`, `--load`, `--metadata-file`, `--network`) against the whole',
    'sizegate step (node, the probes, the build with its export measured and loaded, the',
    `report). Medians of ${runs} runs each, alternating.`,
    '',
    ...stepNote,
    `| Image | build-push-action's build | sizegate step | Ratio | More | Target |${stepHeads}`,
    `|---|---:|---:|---:|---:|---|${withStep ? '---:|---:|' : ''}`,
    ...cells,
    ''
  ]
}
