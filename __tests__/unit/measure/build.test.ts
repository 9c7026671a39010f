import { describe, expect, it, jest } from '@jest/globals'
import { setTimeout as sleep } from 'node:timers/promises'
import { buildWhileMeasuring } from '../../../src/measure/build.js'

/** A measurement that fails at once: the build closed the export without an archive. */
const failedMeasurement = () =>
  Promise.reject(new Error('the image archive has no manifest.json or index.json'))

describe('a build and the measurement of its export, at once', () => {
  it("tells the failed build's error even when the measurement failed first", async () => {
    const release = jest.fn(async () => undefined)
    const measuring = failedMeasurement()
    const handled = jest.spyOn(measuring, 'catch')
    const building = async () => {
      await sleep(50)
      throw new Error('Build of target "production" failed (exit code 1): npm ERR! missing script')
    }
    const built = buildWhileMeasuring(building, measuring, release)
    // Handled before the build ends: Node would otherwise end the process with the
    // measurement's stack, and the build's own error would never be told.
    expect(handled).toHaveBeenCalled()
    await expect(built).rejects.toThrow('Build of target "production" failed')
    expect(release).toHaveBeenCalledTimes(1)
  })

  it("leaves a successful build's measurement, and its error, to whoever awaits it", async () => {
    const measuring = failedMeasurement()
    const build = await buildWhileMeasuring(
      async () => 'sha256:abc',
      measuring,
      async () => undefined
    )
    expect(build).toBe('sha256:abc')
    await expect(measuring).rejects.toThrow('no manifest.json')
  })
})
