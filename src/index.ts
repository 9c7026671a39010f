import { isMeasureWorker, serveMeasurements } from './image/measure-worker.js'
import { run } from './main.js'

// The bundle also runs as the thread that measures images (see measure-worker.ts).
// The action exits once its work is done: a request to a service that stalls, given
// up on (see baseline/store.ts), must not hold the step open.
if (isMeasureWorker()) serveMeasurements()
else void run().then(() => process.exit())
