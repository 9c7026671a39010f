import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import type { Stage } from '../dockerfile/model.js'
import { type ImageMeasurement, measureImageHere } from './measure.js'

/**
 * The measuring thread's young generation. Streaming an archive makes garbage fast
 * (chunks, headers); a small young generation collects it early, which keeps the
 * footprint of an image of 100,000 files near 130 MB instead of 150 MB and more.
 */
const YOUNG_GENERATION_MB = 8
const WORKER_MARK = 'sizegate-measure'

interface MeasureTask {
  image: string
  chain: Stage[]
}

type Answer = { measured: ImageMeasurement } | { error: string }

/**
 * Measures images of the local engine in a worker thread of the bundled action,
 * started ahead (while the build runs) so that measuring does not wait for it.
 * Run from the sources (tests), where there is no bundle to start, it measures in
 * this thread.
 */
export class ImageMeasurer {
  private readonly worker: Worker | undefined

  constructor() {
    const bundle = fileURLToPath(import.meta.url)
    if (!bundle.endsWith('.js')) return
    this.worker = new Worker(bundle, {
      workerData: WORKER_MARK,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }
    })
  }

  async measure(image: string, chain: Stage[]): Promise<ImageMeasurement> {
    if (!this.worker) return measureImageHere(image, chain)
    const task: MeasureTask = { image, chain }
    this.worker.postMessage(task)
    const [answer] = (await Promise.race([
      once(this.worker, 'message'),
      once(this.worker, 'exit').then(([code]) => {
        throw new Error(`measuring ${image} stopped with exit code ${code}`)
      })
    ])) as [Answer]
    if ('error' in answer) throw new Error(answer.error)
    return answer.measured
  }

  async close(): Promise<void> {
    await this.worker?.terminate()
  }
}

/** True in the thread ImageMeasurer starts: the bundle's entry serves it instead of running the action. */
export function isMeasureWorker(): boolean {
  return !isMainThread && workerData === WORKER_MARK
}

/** The worker's side: measure each image asked for, answer with its measurement or its error. */
export function serveMeasurements(): void {
  parentPort?.on('message', (task: MeasureTask) => {
    measureImageHere(task.image, task.chain).then(
      measured => parentPort?.postMessage({ measured } satisfies Answer),
      (error: Error) => parentPort?.postMessage({ error: error.message } satisfies Answer)
    )
  })
}
