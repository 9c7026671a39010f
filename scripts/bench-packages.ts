// npm run bench, package detection: what reading package metadata adds to the
// measurement of a layer, as a ratio against the same measurement without it, run
// alternately in this process; and the peak memory of one measurement with it.
//   node .tools/bench-packages/index.js run LABEL LAYER.tar...   the rows, as markdown
//   node .tools/bench-packages/index.js once LAYER.tar           (internal) measure once
import { spawnSync } from 'node:child_process'
import { createReadStream } from 'node:fs'
import { analyzeFiles } from '../src/image/files.js'
import { analyzeLayer } from '../src/image/layer.js'
import { median } from './bench-timing.js'

const RUNS = 7
/** The targets: at most this much more time with packages read, and this much memory. */
const MAX_RATIO = 1.05
const MAX_RSS_MB = 150

/** One measurement of a layer tar streamed from disk: its walk, then the final files. */
async function measure(file: string, packages: boolean): Promise<{ ms: number; found: number }> {
  const started = process.hrtime.bigint()
  const layer = await analyzeLayer(createReadStream(file, { highWaterMark: 1 << 16 }), { packages })
  const analysis = analyzeFiles([layer.entries], [layer.packages])
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, found: analysis.packages.length }
}

async function row(label: string, file: string): Promise<{ text: string; met: boolean }> {
  const times = { with: [] as number[], without: [] as number[] }
  let found = 0
  await measure(file, true)
  for (let run = 0; run < RUNS; run++) {
    // Alternated, so that a slow moment of the machine falls on both sides alike.
    times.without.push((await measure(file, false)).ms)
    const measured = await measure(file, true)
    times.with.push(measured.ms)
    found = measured.found
  }
  const ratio = median(times.with) / median(times.without)
  const once = spawnSync(process.execPath, [process.argv[1], 'once', file], { encoding: 'utf8' })
  const rssMb = Number(once.stdout.trim())
  const met = ratio <= MAX_RATIO && rssMb < MAX_RSS_MB
  return {
    text: `| ${label} | ${found.toLocaleString('en')} | ${median(times.without).toFixed(0)} ms | ${median(times.with).toFixed(0)} ms | ${ratio.toFixed(3)}× | ${rssMb.toFixed(0)} MB | ${met ? 'met' : '**missed**'} |`,
    met
  }
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2)
  if (command === 'once') {
    await measure(args[0], true)
    console.log(process.resourceUsage().maxRSS / 1024)
    return
  }
  const rows: string[] = []
  let met = true
  for (let at = 0; at + 1 < args.length; at += 2) {
    const result = await row(args[at], args[at + 1])
    rows.push(result.text)
    met &&= result.met
  }
  console.log(
    [
      '',
      '## Package detection',
      '',
      `The measurement of one layer (its walk and its final files) with package metadata read, against the same without, median of ${RUNS} alternating runs in one process. Target: at most ${MAX_RATIO}×, peak RSS under ${MAX_RSS_MB} MB.`,
      '',
      '| Layer | Packages found | Without | With | Ratio | Peak RSS | Target |',
      '|---|---:|---:|---:|---:|---:|---|',
      ...rows,
      ''
    ].join('\n')
  )
  if (!met) process.exitCode = 1
}

main().catch((error: Error) => {
  console.error(`bench-packages: ${error.message}`)
  process.exitCode = 1
})
