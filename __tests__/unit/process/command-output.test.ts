import { describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { spawnWithOutput } from '../../../src/process/command-output.js'

const pipeFolders = () => readdirSync(tmpdir()).filter(name => name.startsWith('sizegate-pipe-'))

/** Every chunk copied, and the memory each was a view of. */
async function readAll(chunks: AsyncIterable<Buffer>): Promise<{ data: Buffer; buffers: number }> {
  const copies: Buffer[] = []
  const buffers = new Set<ArrayBufferLike>()
  for await (const chunk of chunks) {
    copies.push(Buffer.from(chunk))
    buffers.add(chunk.buffer)
  }
  return { data: Buffer.concat(copies), buffers: buffers.size }
}

const exitOf = (child: { on(event: 'close', listener: (code: number | null) => void): unknown }) =>
  new Promise<number | null>(resolve => child.on('close', resolve))

describe("a command's output read into one reused buffer", () => {
  it('reads all of it, every chunk a view of the same buffer, and leaves no FIFO behind', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'command-output-'))
    const file = path.join(dir, 'data.bin')
    const content = randomBytes(3_000_000)
    writeFileSync(file, content)
    try {
      const before = pipeFolders()
      const { child, chunks } = await spawnWithOutput('cat', [file])
      const exited = exitOf(child)
      expect(pipeFolders()).toEqual(before)
      const { data, buffers } = await readAll(chunks)
      expect(data.equals(content)).toBe(true)
      expect(buffers).toBe(1)
      expect(await exited).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('ends when the command fails, or cannot start at all', async () => {
    const failing = await spawnWithOutput('sh', ['-c', 'printf partial; exit 3'])
    const failed = exitOf(failing.child)
    expect((await readAll(failing.chunks)).data.toString()).toBe('partial')
    expect(await failed).toBe(3)

    const missing = await spawnWithOutput('sizegate-no-such-command', [])
    const error = new Promise<Error>(resolve => missing.child.on('error', resolve))
    expect((await readAll(missing.chunks)).data.length).toBe(0)
    expect((await error).message).toContain('ENOENT')
  })
})
