import { isMeasureWorker, serveMeasurements } from './image/measure-worker.js'
import { run } from './main.js'

// The bundle also runs as the thread that measures images (see measure-worker.ts).
if (isMeasureWorker()) serveMeasurements()
else void run()
