import { serveMeasurements } from './image/measure-worker.js'

// The measuring thread's own bundle (dist/measure-worker/): it loads only what
// measuring runs, not the whole action, while the build it waits for runs beside it.
serveMeasurements()
