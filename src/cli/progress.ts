import { Presets, SingleBar } from 'cli-progress'
import { formatBytes } from '../report/format.js'

/** Bytes read of a large image, shown while they are read. */
export interface Progress {
  add(bytes: number): void
  stop(): void
}

const QUIET: Progress = { add: () => undefined, stop: () => undefined }

/**
 * A progress bar of bytes read of `total` (an estimate may be passed: the bar
 * stops at its end), with the rate, on `stream` when it is a terminal; nothing
 * otherwise, so logs and pipes get no control characters.
 */
export function byteProgress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr
): Progress {
  if (!stream.isTTY) return QUIET
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {read} of {size} | {rate}/s`,
      stream,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 30
    },
    Presets.shades_classic
  )
  const started = Date.now()
  let read = 0
  const payload = () => ({
    read: formatBytes(read),
    size: formatBytes(total),
    rate: formatBytes(read / Math.max(0.001, (Date.now() - started) / 1000))
  })
  bar.start(total, 0, payload())
  return {
    add(bytes: number) {
      read += bytes
      bar.update(Math.min(read, total), payload())
    },
    stop: () => bar.stop()
  }
}
