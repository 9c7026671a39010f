import { describe, expect, it } from '@jest/globals'
import { FedCommand } from '../../../src/process/command-input.js'

async function* chunks(count: number, bytes: number): AsyncGenerator<Buffer> {
  for (let index = 0; index < count; index++) yield Buffer.alloc(bytes, index)
}

/** Reads every chunk the command is fed, as a measurement does; the bytes read. */
async function readAll(stream: AsyncIterable<Buffer>): Promise<number> {
  let bytes = 0
  for await (const chunk of stream) bytes += chunk.length
  return bytes
}

describe('a command fed as a stream is read', () => {
  it('hands on every chunk and feeds the same bytes to the command', async () => {
    const command = new FedCommand('wc', ['-c'])
    // More than a pipe holds: the feed waits for the command to drain it.
    expect(await readAll(command.feed(chunks(40, 64 * 1024)))).toBe(40 * 64 * 1024)
    expect(await command.done()).toEqual({ exitCode: 0, said: String(40 * 64 * 1024) })
  })

  it('keeps what a failing command said, and the reader still gets every chunk', async () => {
    const command = new FedCommand('sh', ['-c', 'echo "no space left" >&2; exit 3'])
    expect(await readAll(command.feed(chunks(40, 64 * 1024)))).toBe(40 * 64 * 1024)
    expect(await command.done()).toMatchObject({ exitCode: 3, said: 'no space left' })
  })

  it('says why a command could not start', async () => {
    const command = new FedCommand('sizegate-no-such-command', [])
    await readAll(command.feed(chunks(1, 10)))
    const result = await command.done()
    expect(result.exitCode).not.toBe(0)
    expect(result.startError).toContain('ENOENT')
  })
})
