import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parentPort, Worker } from 'node:worker_threads'
import type { Stage } from '../dockerfile/model.js'
import {
  type ImageMeasurement,
  measureExportHere,
  measureImageHere,
  type MeasureOptions
} from './measure.js'

/**
 * The measuring thread's young generation. Streaming an archive makes garbage fast
 * (chunks, headers); a small young generation collects it early, which keeps the
 * footprint of an image of 100,000 files near 130 MB instead of 150 MB and more.
 */
const YOUNG_GENERATION_MB = 8
/** The worker's bundle, beside the bundle that starts it (src/measure-worker.ts, bundled). */
const WORKER_BUNDLE = 'measure-worker/index.js'

/** An engine image (through `docker save`), or a builder's export being written to a file. */
type MeasureTask = { chain: Stage[]; options: MeasureOptions } & (
  { image: string } | { exportFile: string; load: boolean }
)

type Answer = { measured: ImageMeasurement[] } | { error: string }

function measureHere(task: MeasureTask): Promise<ImageMeasurement[]> {
  if ('exportFile' in task)
    return measureExportHere(task.exportFile, task.chain, task.load, task.options)
  return measureImageHere(task.image, task.chain, task.options).then(measured => [measured])
}

/**
 * Measures images of the local engine in a worker thread, the measuring bundle
 * beside this one, started ahead (while the build runs) so that measuring does not
 * wait for it. Run from the sources (tests), where there is no bundle to start, it
 * measures in this thread.
 */
export class ImageMeasurer {
  private worker: Worker | undefined

  /** `options` hold for every image it measures. */
  constructor(private readonly options: MeasureOptions = {}) {
    const bundle = fileURLToPath(new URL(WORKER_BUNDLE, import.meta.url))
    if (!existsSync(bundle)) return
    const worker = new Worker(bundle, {
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }
    })
    // A thread that fails or stops between images is let go: this thread measures instead.
    const lost = () => {
      if (this.worker === worker) this.worker = undefined
    }
    worker.on('error', lost).on('exit', lost)
    this.worker = worker
  }

  /** An image of the engine, read through `docker save`. */
  async measure(image: string, chain: Stage[]): Promise<ImageMeasurement> {
    const [measured] = await this.run({ image, chain, options: this.options }, image)
    return measured
  }

  /**
   * A builder's export as it is written to `file`: one measurement per platform;
   * with `load`, the export is loaded into the engine as it is read.
   */
  measureExport(file: string, chain: Stage[], load = false): Promise<ImageMeasurement[]> {
    return this.run({ exportFile: file, chain, load, options: this.options }, "the build's export")
  }

  private run(task: MeasureTask, what: string): Promise<ImageMeasurement[]> {
    const worker = this.worker
    if (!worker) return measureHere(task)
    return new Promise((resolve, reject) => {
      const stopped = (code: number) =>
        settle(() => reject(new Error(`measuring ${what} stopped with exit code ${code}`)))
      const failed = (error: Error) => settle(() => reject(error))
      const answered = (answer: Answer) =>
        settle(() =>
          'error' in answer ? reject(new Error(answer.error)) : resolve(answer.measured)
        )
      // Each listener goes with the answer: a later close must find none of them.
      const settle = (then: () => void) => {
        worker.off('exit', stopped).off('error', failed).off('message', answered)
        then()
      }
      worker.once('exit', stopped).once('error', failed).once('message', answered)
      worker.postMessage(task)
    })
  }

  async close(): Promise<void> {
    await this.worker?.terminate()
  }
}

/** The worker's side: measure each image asked for, answer with its measurement or its error. */
export function serveMeasurements(): void {
  parentPort?.on('message', (task: MeasureTask) => {
    measureHere(task).then(
      measured => parentPort?.postMessage({ measured } satisfies Answer),
      (error: Error) => parentPort?.postMessage({ error: error.message } satisfies Answer)
    )
  })
}

/** Runs `work` with a measuring thread of its own, which is closed whatever happens. */
export async function withMeasurer<T>(
  work: (measurer: ImageMeasurer) => Promise<T>,
  options: MeasureOptions = {}
): Promise<T> {
  const measurer = new ImageMeasurer(options)
  try {
    return await work(measurer)
  } finally {
    await measurer.close()
  }
}
