import { type ChildProcessByStdio, spawn } from 'node:child_process'
import { once } from 'node:events'
import type { Readable, Writable } from 'node:stream'
import { engineImageId } from './engine.js'

/**
 * `docker load`, fed an archive chunk by chunk as the measurement reads it: one
 * export of the builder reaches both the engine and the measurement, instead of a
 * second build that loads.
 */
export class EngineLoad {
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>
  private readonly said: Buffer[] = []
  private readonly exited: Promise<number>
  private spawnError?: Error

  constructor() {
    this.child = spawn('docker', ['load'], { stdio: ['pipe', 'pipe', 'pipe'] })
    this.child.stdout.on('data', (chunk: Buffer) => this.said.push(chunk))
    this.child.stderr.on('data', (chunk: Buffer) => this.said.push(chunk))
    // A load that fails stops reading: what it said is the error, not a broken pipe.
    this.child.stdin.on('error', () => undefined)
    this.child.on('error', error => (this.spawnError = error))
    this.exited = new Promise(resolve => this.child.on('close', code => resolve(code ?? 1)))
  }

  /** The chunks of `stream`, each written to `docker load` before it is handed on. */
  async *feed(stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    const { stdin } = this.child
    for await (const chunk of stream) {
      if (!stdin.destroyed && !stdin.write(chunk))
        await Promise.race([once(stdin, 'drain'), this.exited])
      yield chunk
    }
    stdin.end()
  }

  /** Waits for the load; the id of the image the engine now has, or an error with docker's words. */
  async done(): Promise<string | undefined> {
    const code = await this.exited
    const said = Buffer.concat(this.said).toString('utf8').trim()
    if (code !== 0)
      throw new Error(
        `docker load of the build's export failed: ${this.spawnError?.message ?? said}`
      )
    const id = /Loaded image ID: (sha256:[0-9a-f]{64})/.exec(said)?.[1]
    if (id) return id
    const name = /Loaded image: (\S+)/.exec(said)?.[1]
    return name ? engineImageId(name) : undefined
  }

  /** Stops the load, for a measurement that failed. */
  abort(): void {
    this.child.kill()
  }
}
