import { FedCommand } from '../process/command-input.js'
import { engineImageId } from './engine.js'

/**
 * `docker load`, fed an archive chunk by chunk as the measurement reads it: one
 * export of the builder reaches both the engine and the measurement, instead of a
 * second build that loads.
 */
export class EngineLoad {
  private readonly load = new FedCommand('docker', ['load'])

  /** The chunks of `stream`, each written to `docker load` before it is handed on. */
  feed(stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    return this.load.feed(stream)
  }

  /** Waits for the load; the id of the image the engine now has, or an error with docker's words. */
  async done(): Promise<string | undefined> {
    const { exitCode, said, startError } = await this.load.done()
    if (exitCode !== 0)
      throw new Error(`docker load of the build's export failed: ${startError ?? said}`)
    const id = /Loaded image ID: (sha256:[0-9a-f]{64})/.exec(said)?.[1]
    if (id) return id
    const name = /Loaded image: (\S+)/.exec(said)?.[1]
    return name ? engineImageId(name) : undefined
  }

  /** Stops the load, for a measurement that failed. */
  abort(): void {
    this.load.abort()
  }
}
