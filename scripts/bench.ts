// Benchmark of the image reader: how much measuring an image (one streaming pass:
// tar walk, gzip estimate, file tree) costs next to merely streaming `docker save`,
// and next to `docker save | gzip` by the system gzip. Ratios, medians of several runs.
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { measureImage } from '../src/image/measure.js'
import { parseDockerfile, platformArgs } from '../src/dockerfile/model.js'
import { resolveTargets } from '../src/dockerfile/resolve.js'

const IMAGE = 'sizegate-bench:latest'
const RUNS = 5
const DOCKERFILE = `FROM sizegate-bench-base:1
RUN head -c 60000000 /dev/urandom > /blob.bin
RUN mkdir -p /app/node_modules && cd /app/node_modules && i=0; while [ $i -lt 4000 ]; do mkdir -p p$i && yes "module.exports = require('./lib/$i')" | head -c 12000 > p$i/index.js; i=$((i+1)); done
RUN yes 'log line with some text and numbers 12345' | head -c 60000000 > /var.log
`

function buildImage(): void {
  // Run from the repository root (scripts/bench.sh), bundled elsewhere.
  execFileSync('bash', ['scripts/make-base-image.sh', 'sizegate-bench-base:1'], {
    stdio: 'inherit'
  })
  const dir = mkdtempSync(path.join(tmpdir(), 'sizegate-bench-'))
  writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE)
  execFileSync('docker', ['build', '--network', 'none', '-q', '-t', IMAGE, dir], {
    env: { ...process.env, DOCKER_BUILDKIT: '1' },
    stdio: ['ignore', 'ignore', 'inherit']
  })
  rmSync(dir, { recursive: true, force: true })
}

async function streamOnly(): Promise<number> {
  const child = spawn('docker', ['save', IMAGE], { stdio: ['ignore', 'pipe', 'inherit'] })
  let bytes = 0
  for await (const chunk of child.stdout) bytes += (chunk as Buffer).length
  return bytes
}

function systemGzip(): void {
  execFileSync('sh', ['-c', `docker save ${IMAGE} | gzip -6 | wc -c`], {
    stdio: ['ignore', 'ignore', 'inherit']
  })
}

async function time(task: () => unknown): Promise<number> {
  const started = process.hrtime.bigint()
  await task()
  return Number(process.hrtime.bigint() - started) / 1e6
}

async function median(task: () => unknown): Promise<number> {
  const times: number[] = []
  for (let run = 0; run < RUNS; run++) times.push(await time(task))
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]
}

async function main(): Promise<void> {
  buildImage()
  const model = parseDockerfile(DOCKERFILE, {
    buildArgs: new Map(),
    predefined: platformArgs('linux/amd64', 'linux/amd64')
  })
  const [target] = resolveTargets(model, [], 'Dockerfile').targets
  const archiveBytes = await streamOnly()
  const rssBefore = process.memoryUsage().rss
  let peakRss = rssBefore
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20)
  const baseline = await median(streamOnly)
  const ours = await median(() => measureImage(IMAGE, target.chain))
  clearInterval(sampler)
  const gzip = await median(systemGzip)
  const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`
  console.log(`image archive: ${mb(archiveBytes)}; median of ${RUNS} runs each`)
  console.log(`docker save, streamed and dropped (baseline): ${baseline.toFixed(0)} ms`)
  console.log(`docker save | gzip -6 (system gzip):          ${gzip.toFixed(0)} ms`)
  console.log(`sizegate measure (tar walk, gzip, file tree): ${ours.toFixed(0)} ms`)
  console.log(`ratio measure / baseline: ${(ours / baseline).toFixed(2)}`)
  console.log(`ratio measure / system gzip: ${(ours / gzip).toFixed(2)}`)
  console.log(
    `memory held while measuring: ${mb(peakRss - rssBefore)} for a ${mb(archiveBytes)} archive`
  )
}

await main()
