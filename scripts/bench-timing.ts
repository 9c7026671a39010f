/** Wall time of a task, in milliseconds. */
export function timed(task: () => void): number {
  const started = process.hrtime.bigint()
  task()
  return Number(process.hrtime.bigint() - started) / 1e6
}

export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
}
