// Benchmark of the image reader, in each world (scripts/bench.sh runs one section per
// engine): the whole measurement of an image next to `docker save | gzip -6` of the
// same image, and the measuring process's peak memory.
//   node .tools/bench/index.js section classic|containerd|hosted   one world's rows
//   node .tools/bench/index.js join NAME...                         docs/benchmarks.md
//   node .tools/bench/index.js measure IMG                          (internal) measure once
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import * as path from 'node:path'
import { parseDockerfile, platformArgs } from '../src/dockerfile/model.js'
import { resolveTargets } from '../src/dockerfile/resolve.js'
import type { Stage } from '../src/dockerfile/model.js'
import { ImageMeasurer } from '../src/image/measure-worker.js'
import {
  cleanExportBench,
  exportMeasureOnce,
  exportTag,
  exportTimes,
  type ExportTimes,
  MAX_STEP_RATIO,
  OVERHEAD_ALLOWANCE_MS,
  prepareExportBench
} from './bench-export.js'
import { gzipRun, median, timed } from './bench-timing.js'
import { bpaMarkdown, bpaMet, bpaRows, type BpaImage } from './bench-bpa.js'
import { currentBuilder, hostedMarkdown, hostedMet, hostedRows } from './bench-hosted.js'
import { proofMarkdown, proofMet, proofRows } from './bench-proof.js'
import { compareContents } from '../src/image/compare-contents.js'

/**
 * Runs of each image next to gzip. `docker save` varies by a second from run to run
 * here, far more than the tail being compared, so the engine rows take more runs
 * than the export rows, whose margins are wide.
 */
const RUNS = 9
const EXPORT_RUNS = 5
const BASE = 'sizegate-bench-base:1'
/** The targets: the whole analysis within this share of gzip's time, and this much memory. */
const MAX_RATIO = 1.0
const MAX_RSS_MB = 150

interface BenchImage {
  tag: string
  what: string
  dockerfile: string
}

// awk writes many files without a process per file.
const writeFiles = (folder: string, count: number, perFolder: number, text: string): string =>
  `awk 'BEGIN { for (i = 0; i < ${count}; i++) { d = "${folder}/p" int(i / ${perFolder}); ` +
  `if (i % ${perFolder} == 0) system("mkdir -p " d); f = d "/f" i ".js"; ` +
  `printf "${text}\\n", i > f; close(f) } }'`

const IMAGES: BenchImage[] = [
  {
    tag: 'sizegate-bench-mixed:1',
    what: '60 MB of random data, 4,000 modules, 60 MB of log text',
    dockerfile: `FROM ${BASE}
RUN head -c 60000000 /dev/urandom > /blob.bin
RUN ${writeFiles('/app/node_modules', 4000, 1, 'module.exports = require(./lib/%d) // '.padEnd(12000, 'x'))}
RUN yes 'log line with some text and numbers 12345' | head -c 60000000 > /var.log
`
  },
  {
    tag: 'sizegate-bench-incompressible:1',
    what: '150 MB of incompressible data (media, compiled code) in three layers',
    dockerfile: `FROM ${BASE}
RUN head -c 50000000 /dev/urandom > /media1.bin
RUN head -c 50000000 /dev/urandom > /media2.bin
RUN head -c 50000000 /dev/urandom > /media3.bin
`
  },
  {
    tag: 'sizegate-bench-files:1',
    what: '100,000 small files; 20,000 deleted one by one; node_modules emptied (opaque) and refilled with 30,000',
    dockerfile: `FROM ${BASE}
RUN ${writeFiles('/app/node_modules', 60000, 100, 'module.exports = %d // some padding text')} && \\
    ${writeFiles('/usr/share/doc', 40000, 100, 'documentation line %d')}
RUN find /usr/share/doc -name 'f*[02468].js' -exec rm {} +
RUN rm -rf /app/node_modules && mkdir -p /app/node_modules && \\
    ${writeFiles('/app/node_modules', 30000, 100, 'module.exports = %d // refilled')}
`
  }
]

/** Beside build-push-action's build: a small image, where fixed costs show, and a large one. */
const BPA_IMAGES: BpaImage[] = [
  {
    tag: 'sizegate-bench-bpa-small:1',
    what: '30 MB of random data on the base',
    size: 'small',
    dockerfile: `FROM ${BASE}\nRUN head -c 30000000 /dev/urandom > /blob.bin\n`
  },
  {
    tag: 'sizegate-bench-bpa-large:1',
    what: '60 MB of random data and 20,000 small files',
    size: 'large',
    dockerfile: `FROM ${BASE}
RUN head -c 60000000 /dev/urandom > /blob.bin
RUN ${writeFiles('/app/node_modules', 20000, 100, 'module.exports = %d // a small module')}
`
  }
]

function build(image: BenchImage): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'sizegate-bench-'))
  writeFileSync(path.join(dir, 'Dockerfile'), image.dockerfile)
  execFileSync('docker', ['build', '--network', 'none', '-q', '-t', image.tag, dir], {
    env: { ...process.env, DOCKER_BUILDKIT: '1' },
    stdio: ['ignore', 'ignore', 'inherit']
  })
  rmSync(dir, { recursive: true, force: true })
}

function archiveBytes(tag: string): number {
  const out = execFileSync('sh', ['-c', 'docker save "$1" | wc -c', 'save', tag])
  return Number(out.toString().trim())
}

/** `docker save` alone, streamed and dropped: the floor any reader of the archive stands on. */
function saveRun(tag: string): number {
  return timed(() =>
    execFileSync('sh', ['-c', 'docker save "$1" > /dev/null', 'save', tag], {
      stdio: ['ignore', 'ignore', 'inherit']
    })
  )
}

interface Measured {
  ms: number
  rssMb: number
  compressedBytes: number
  files: number
}

/** One measurement in a process of its own, so its peak memory is its own; `proof` keeps and compares its files. */
function measureRun(tag: string, proof = false): Measured {
  const child = spawnSync(
    process.execPath,
    [process.argv[1], proof ? 'measure-proof' : 'measure', tag],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )
  if (child.status !== 0) throw new Error(`measuring ${tag} failed`)
  return JSON.parse(child.stdout) as Measured
}

function benchImage(tag: string): BenchImage {
  const image = IMAGES.find(candidate => candidate.tag === tag)
  if (!image) throw new Error(`no benchmark image ${tag}`)
  return image
}

/** The stages that make the image, as the action resolves them. */
function chainOf(image: BenchImage): Stage[] {
  const model = parseDockerfile(image.dockerfile, {
    buildArgs: new Map(),
    predefined: platformArgs('linux/amd64', 'linux/amd64')
  })
  return resolveTargets(model, [], 'Dockerfile').targets[0].chain
}

async function measureOnce(tag: string, proof = false): Promise<void> {
  const chain = chainOf(benchImage(tag))
  // As the action does: the measuring thread starts while the image builds.
  const measurer = new ImageMeasurer({ contents: proof })
  await new Promise(resolve => setTimeout(resolve, 1000))
  const started = process.hrtime.bigint()
  const measured = await measurer.measure(tag, chain)
  // A fix's image against the head's: here the image against itself, every file compared.
  const contents = measured.contents
  if (contents) compareContents({ contents, baseLayers: 1 }, { contents, baseLayers: 1 }, new Set())
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  const result: Measured = {
    ms,
    rssMb: process.resourceUsage().maxRSS / 1024,
    compressedBytes: measured.compressedBytes,
    files: measured.files.fileCount
  }
  await measurer.close()
  process.stdout.write(JSON.stringify(result))
}

interface Row {
  image: BenchImage
  archiveMb: number
  saveMs: number
  gzipMs: number
  measureMs: number
  /** The median of each run's measurement over the gzip run next to it. */
  ratio: number
  rssMb: number
  files: number
}

/** The export path of one image: medians of its timings, and gzip's time on the same image. */
interface ExportRow {
  image: BenchImage
  gzipMs: number
  times: ExportTimes
}

/** What the measurement adds to the cached build, by gzip's time. */
const stepRatio = (row: ExportRow): number =>
  (row.times.exportMeasureMs - row.times.buildMs) / row.gzipMs
const overheadMs = (row: ExportRow): number => row.times.actionMs - row.times.buildMs
const overheadLimitMs = (row: ExportRow): number =>
  OVERHEAD_ALLOWANCE_MS + MAX_STEP_RATIO * row.gzipMs
const exportMet = (row: ExportRow): boolean =>
  stepRatio(row) <= MAX_STEP_RATIO && overheadMs(row) <= overheadLimitMs(row)

function exportRows(): ExportRow[] {
  const builder = process.env.SIZEGATE_BENCH_BUILDER
  if (!builder) {
    console.log('No builder that exports (SIZEGATE_BENCH_BUILDER is unset): its rows are left out.')
    return []
  }
  const bench = prepareExportBench(builder, BASE, IMAGES)
  try {
    return IMAGES.map(image => {
      const runs: ExportTimes[] = []
      const gzip: number[] = []
      for (let run = 0; run < EXPORT_RUNS; run++) {
        runs.push(exportTimes(bench, image.tag))
        gzip.push(gzipRun(exportTag(image.tag)))
      }
      const of = (pick: (times: ExportTimes) => number) => median(runs.map(pick))
      const row: ExportRow = {
        image,
        gzipMs: median(gzip),
        times: {
          buildMs: of(times => times.buildMs),
          exportMeasureMs: of(times => times.exportMeasureMs),
          actionMs: of(times => times.actionMs)
        }
      }
      console.log(
        `${image.tag} (export): step ${stepRatio(row).toFixed(2)}× gzip, overhead ${overheadMs(row).toFixed(0)} ms of ${overheadLimitMs(row).toFixed(0)} ms allowed`
      )
      return row
    })
  } finally {
    cleanExportBench(bench)
  }
}

function exportMarkdown(rows: ExportRow[]): string[] {
  if (rows.length === 0)
    return ['No builder that exports was set up, so the export path was not measured.', '']
  const cells = rows.map(row => {
    const { buildMs, exportMeasureMs, actionMs } = row.times
    return `| ${row.image.what} | ${row.gzipMs.toFixed(0)} ms | ${buildMs.toFixed(0)} ms | ${exportMeasureMs.toFixed(0)} ms | ${stepRatio(row).toFixed(2)}× | ${actionMs.toFixed(0)} ms | ${overheadMs(row).toFixed(0)} ms | ${overheadLimitMs(row).toFixed(0)} ms | ${exportMet(row) ? 'met' : '**missed**'} |`
  })
  return [
    '## On a builder that exports',
    '',
    'With a `docker-container`, `remote` or `kubernetes` builder the action reads the',
    "build's own OCI export as buildx writes it into a pipe: no `--load`, no `docker save`,",
    'and the layer blobs are already compressed as a push stores them, so only their',
    'decompression and the tar walk are left. Measured here on a remote BuildKit, every',
    'build fully cached, so what is timed is what the action adds to a build with nothing',
    'left to do:',
    '',
    '- **build**: the cached `docker buildx build` with no output, the build itself;',
    '- **export + measure**: the same build exporting into the measurement, until it is done;',
    '  the measurement step is what that adds to the build, by `docker save | gzip -6` of',
    '  the same image (loaded into the engine for it);',
    '- **action**: the whole bundled action (probes, build, export, measure, report); its',
    '  overhead is what it adds to the build.',
    '',
    `Targets: the measurement step at most ${MAX_STEP_RATIO}× \`docker save | gzip -6\`, and the`,
    `overhead at most ${OVERHEAD_ALLOWANCE_MS / 1000} s plus that.`,
    '',
    '| Image | `docker save \\| gzip -6` | build | export + measure | Step | action | Overhead | Allowed | Target |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...cells,
    ''
  ]
}

/** One engine's rows: its image store sets the target (the containerd store saves layers compressed). */
interface EngineSection {
  store: 'classic' | 'containerd'
  maxRatio: number
  images: BenchImage[]
}

const SECTIONS: Record<string, EngineSection> = {
  classic: { store: 'classic', maxRatio: MAX_RATIO, images: IMAGES },
  // The mixed image and the one of 100,000 files: gzip has most to do on them.
  containerd: {
    store: 'containerd',
    maxRatio: 0.7,
    images: IMAGES.filter(image => !image.tag.includes('incompressible'))
  }
}

/** The ratio a section is judged by: the classic store's paired runs, else the ratio of medians. */
const judged = (section: EngineSection, row: Row): number =>
  section.store === 'classic' ? row.ratio : row.measureMs / row.gzipMs
const rowMet = (section: EngineSection, row: Row): boolean =>
  judged(section, row) <= section.maxRatio && row.rssMb < MAX_RSS_MB

function engineMarkdown(section: EngineSection, rows: Row[]): string[] {
  const cells = rows.map(row => {
    const met = rowMet(section, row) ? 'met' : '**missed**'
    return `| ${row.image.what} | ${row.archiveMb.toFixed(0)} MB | ${row.files.toLocaleString('en')} | ${row.saveMs.toFixed(0)} ms | ${row.gzipMs.toFixed(0)} ms | ${row.measureMs.toFixed(0)} ms | ${judged(section, row).toFixed(2)}× | ${row.rssMb.toFixed(0)} MB | ${met} |`
  })
  const classic = section.store === 'classic'
  return [
    classic
      ? '## Docker 20.10, classic image store'
      : '## Docker 28, containerd image store (the default of Docker 29)',
    '',
    classic
      ? `Medians of ${RUNS} runs; each run times the two back to back, in turn first, and the ratio is the median of the runs' ratios, so that the engine's drift from run to run falls on both sides of each ratio alike.`
      : `The store saves each layer as it keeps it, compressed: the pull size is those blobs, exact, and the measurement only inflates them to walk the files, while gzip recompresses all of it. Medians of ${RUNS} runs; the ratio is the ratio of the medians.`,
    '',
    `Target: the measurement at most ${section.maxRatio.toFixed(1)}× \`docker save | gzip -6\`, peak RSS under ${MAX_RSS_MB} MB.`,
    '',
    '| Image | Archive | Files | `docker save` alone | `docker save \\| gzip -6` | sizegate measure | Ratio | Peak RSS | Target |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...cells,
    ''
  ]
}

const INTRO = [
  '# Benchmarks',
  '',
  '`npm run bench` builds these images and measures each one the way the action does, in',
  'each world the tests run in (CONTRIBUTING.md, "Tested toolchains"): on the engine, one streaming',
  'pass of `docker save` (tar walk, compressed size of every layer, file tree, wasted',
  "bytes) in a process of its own; on a builder that exports, the build's own export.",
  'Each is timed next to `docker save | gzip -6` of the same image, in one run of the',
  'script.',
  '',
  'Why it keeps up: each layer is gzipped in 1 MiB blocks side by side on the thread',
  'pool, each primed with the 32 KiB before it (as pigz does, within 0.1% of a single',
  "stream's size), with at most a few blocks per core held at a time, each block one",
  "trip to the pool; `docker save`'s output is read into one reused buffer; layer tars",
  'are read header by header, their contents passed over unread; the file tree detaches',
  'a deleted folder in one step instead of scanning every path; and the measurement runs',
  'in a worker thread whose young generation is small, so the garbage of streaming is',
  'collected early. `docker save` alone is the floor: an engine that writes the whole',
  'archive before its first byte (the classic store) spends that time on both sides alike.',
  ''
]

function engineRows(section: EngineSection): Row[] {
  execFileSync('bash', ['scripts/make-base-image.sh', BASE], { stdio: 'inherit' })
  const rows: Row[] = []
  for (const image of section.images) {
    build(image)
    const save: number[] = []
    const gzip: number[] = []
    const measured: Measured[] = []
    for (let run = 0; run < RUNS; run++) {
      save.push(saveRun(image.tag))
      // In turn first, so that neither side always runs on what the other left behind.
      if (run % 2 === 0) gzip.push(gzipRun(image.tag))
      measured.push(measureRun(image.tag))
      if (run % 2 === 1) gzip.push(gzipRun(image.tag))
    }
    const row: Row = {
      image,
      archiveMb: archiveBytes(image.tag) / 1e6,
      saveMs: median(save),
      gzipMs: median(gzip),
      measureMs: median(measured.map(item => item.ms)),
      ratio: median(measured.map((item, run) => item.ms / gzip[run])),
      rssMb: Math.max(...measured.map(item => item.rssMb)),
      files: measured[0].files
    }
    rows.push(row)
    console.log(
      `${image.tag} (${section.store}): gzip ${row.gzipMs.toFixed(0)} ms, measure ${row.measureMs.toFixed(0)} ms (${judged(section, row).toFixed(2)}×), peak RSS ${row.rssMb.toFixed(0)} MB`
    )
  }
  return rows
}

/** One world's rows, written to .tools/bench/NAME.md; bench.sh joins them into docs/benchmarks.md. */
function runSection(name: string): void {
  const missed: string[] = []
  let lines: string[]
  if (name === 'hosted') {
    execFileSync('bash', ['scripts/make-base-image.sh', BASE], { stdio: 'inherit' })
    const rows = hostedRows(IMAGES, EXPORT_RUNS)
    missed.push(...rows.filter(row => !hostedMet(row)).map(row => `${row.tag} (hosted)`))
    const beside = bpaRows(currentBuilder(), BPA_IMAGES, EXPORT_RUNS)
    missed.push(...beside.filter(row => !bpaMet(row)).map(row => `${row.image.tag} (bpa)`))
    lines = [...hostedMarkdown(rows, EXPORT_RUNS), ...bpaMarkdown(beside, EXPORT_RUNS)]
  } else {
    const section = SECTIONS[name]
    if (!section) throw new Error(`no benchmark section ${name}`)
    const rows = engineRows(section)
    missed.push(
      ...rows.filter(row => !rowMet(section, row)).map(row => `${row.image.tag} (${name})`)
    )
    lines = engineMarkdown(section, rows)
    if (name === 'classic') {
      const proofs = proofRows(section.images, RUNS, (tag, proof) => measureRun(tag, proof).ms)
      missed.push(...proofs.filter(row => !proofMet(row)).map(row => `${row.what} (proof)`))
      lines.push(...proofMarkdown(proofs, RUNS))
      const exported = exportRows()
      missed.push(
        ...exported.filter(row => !exportMet(row)).map(row => `${row.image.tag} (export)`)
      )
      lines.push(...exportMarkdown(exported))
    }
  }
  mkdirSync('.tools/bench', { recursive: true })
  writeFileSync(`.tools/bench/${name}.md`, lines.join('\n'))
  if (missed.length > 0) {
    console.log(`Target missed on: ${missed.join(', ')}`)
    process.exitCode = 1
  }
}

/** docs/benchmarks.md from the sections that ran, and the machine they ran on. */
function joinSections(names: string[]): void {
  const sections = names.map(name => readFileSync(`.tools/bench/${name}.md`, 'utf8'))
  const machine = [
    `Machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version},`,
    `measured ${new Date().toISOString().slice(0, 10)}.`,
    ''
  ]
  writeFileSync('docs/benchmarks.md', [...INTRO, ...sections, ...machine].join('\n'))
  console.log('Figures written to docs/benchmarks.md.')
}

if (process.argv[2] === 'section') runSection(process.argv[3])
else if (process.argv[2] === 'join') joinSections(process.argv.slice(3))
else if (process.argv[2] === 'measure') await measureOnce(process.argv[3])
else if (process.argv[2] === 'measure-proof') await measureOnce(process.argv[3], true)
else if (process.argv[2] === 'measure-export') {
  const [tag, builder, context] = process.argv.slice(3)
  await exportMeasureOnce(builder, context, chainOf(benchImage(tag)))
} else throw new Error('usage: bench section NAME | join NAME... | measure TAG')
