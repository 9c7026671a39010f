import { constants } from 'node:fs'
import { open, rm } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { makeFifo } from '../process/fifo.js'

/** A reader that has not opened the FIFO in this many tries of 50 ms is not coming. */
const RELEASE_TRIES = 200

/**
 * A FIFO for a builder's export: buildx writes the image archive into it while
 * the measurement reads it, so the archive is never stored.
 */
export async function makeExportPipe(file: string): Promise<void> {
  await rm(file, { force: true })
  await makeFifo(file)
}

/**
 * Ends the reader's wait when the build failed before writing: an open for
 * writing that closes at once is an end of file to it. Never blocks: while no
 * reader is there yet (ENXIO), it tries again until the reading has settled, for
 * RELEASE_TRIES at most.
 */
export async function releaseExportPipe(file: string, reading: Promise<unknown>): Promise<void> {
  let settled = false
  reading.then(
    () => (settled = true),
    () => (settled = true)
  )
  for (let tries = 0; !settled && tries < RELEASE_TRIES; tries++) {
    try {
      const handle = await open(file, constants.O_WRONLY | constants.O_NONBLOCK)
      await handle.close()
      return
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENXIO') return
      await sleep(50)
    }
  }
}
