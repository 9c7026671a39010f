import { type ChildProcessByStdio, spawn } from 'node:child_process'
import { once } from 'node:events'
import type { Readable, Writable } from 'node:stream'

/** How a fed command ended: its exit code (1 when killed) and all it said, both streams. */
export interface FedResult {
  exitCode: number
  said: string
  /** Why it could not start, when it could not. */
  startError?: string
}

/**
 * A command fed on its standard input chunk by chunk, as a stream is read: each chunk
 * is written to it before it is handed on, so one read serves the command and the
 * reader. What the command says on either stream is kept for `done`.
 */
export class FedCommand {
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>
  private readonly said: Buffer[] = []
  private readonly exited: Promise<number>
  private startError?: string

  constructor(command: string, args: string[]) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] })
    this.child.stdout.on('data', (chunk: Buffer) => this.said.push(chunk))
    this.child.stderr.on('data', (chunk: Buffer) => this.said.push(chunk))
    // A command that fails stops reading: what it said is the error, not a broken pipe.
    this.child.stdin.on('error', () => undefined)
    this.child.on('error', error => (this.startError = error.message))
    this.exited = new Promise(resolve => this.child.on('close', code => resolve(code ?? 1)))
  }

  /** The chunks of `stream`, each written to the command before it is handed on. */
  async *feed(stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    const { stdin } = this.child
    for await (const chunk of stream) {
      // A pipe the command closed errs (EPIPE) instead of draining: its exit says why.
      if (!stdin.destroyed && !stdin.write(chunk))
        await Promise.race([once(stdin, 'drain').catch(() => undefined), this.exited])
      yield chunk
    }
    stdin.end()
  }

  /** Waits for the command to end. */
  async done(): Promise<FedResult> {
    const exitCode = await this.exited
    const said = Buffer.concat(this.said).toString('utf8').trim()
    return { exitCode, said, startError: this.startError }
  }

  /** Stops the command, for a reader that failed. */
  abort(): void {
    this.child.kill()
  }
}
