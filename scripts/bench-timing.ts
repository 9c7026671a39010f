import { execFileSync } from 'node:child_process'

/** Wall time of a task, in milliseconds. */
export function timed(task: () => void): number {
  const started = process.hrtime.bigint()
  task()
  return Number(process.hrtime.bigint() - started) / 1e6
}

export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
}

/** `docker save | gzip -6` of an image of the engine: what the measurements are judged against. */
export function gzipRun(tag: string): number {
  return timed(() =>
    execFileSync('sh', ['-c', 'docker save "$1" | gzip -6 | wc -c', 'gzip', tag], {
      stdio: ['ignore', 'ignore', 'inherit']
    })
  )
}
