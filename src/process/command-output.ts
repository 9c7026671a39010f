import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, constants, openSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { type ConnectOpts, Socket, type SocketConstructorOpts } from 'node:net'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { makeFifo } from './fifo.js'

/** A pipe's capacity: no read returns more. */
const CHUNK = 64 * 1024

/** A command started with its standard output on a pipe that `chunks` reads. */
export interface CommandOutput {
  child: ChildProcess
  chunks: AsyncGenerator<Buffer>
}

/**
 * Starts a command whose standard output is read into one buffer, reused for
 * every chunk. A stream allocates a buffer per read: an archive of 150 MB makes
 * 2,400 of them, which the allocator keeps long after they are dropped (about
 * 15 MB of a measurement's peak) and the collector has to chase. Node hands a
 * child's pipe to a stream only, so the command writes into a FIFO whose reading
 * end is opened here; its path is gone before the command starts.
 */
export async function spawnWithOutput(command: string, args: string[]): Promise<CommandOutput> {
  const { readFd, writeFd } = await openFifo()
  try {
    const child = spawn(command, args, { stdio: ['ignore', writeFd, 'pipe'] })
    return { child, chunks: reusedChunks(readFd) }
  } finally {
    // The command has its own copy; the pipe ends when it exits.
    closeSync(writeFd)
  }
}

/** Both ends of a new FIFO, whose path is removed once they are open. */
async function openFifo(): Promise<{ readFd: number; writeFd: number }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sizegate-pipe-'))
  try {
    const fifo = path.join(dir, 'out')
    await makeFifo(fifo)
    // Opened for reading first, without waiting for a writer, so that opening it
    // for writing does not wait either.
    const readFd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK)
    try {
      return { readFd, writeFd: openSync(fifo, constants.O_WRONLY) }
    } catch (error) {
      closeSync(readFd)
      throw error
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * The chunks of a pipe, each a view of one reused buffer: valid until the loop
 * asks for the next one, so whoever keeps bytes copies them.
 */
async function* reusedChunks(fd: number): AsyncGenerator<Buffer> {
  const buffer = Buffer.allocUnsafe(CHUNK)
  let filled = 0
  let ended = false
  let failure: Error | undefined
  let wake: (() => void) | undefined
  const options: SocketConstructorOpts & ConnectOpts = {
    fd,
    readable: true,
    writable: false,
    onread: {
      buffer,
      callback: bytes => {
        filled = bytes
        wake?.()
        // Paused until the chunk is used: the next read would write over it.
        return false
      }
    }
  }
  const socket = new Socket(options)
  const settle = (change: () => void) => {
    change()
    wake?.()
  }
  socket.on('end', () => settle(() => (ended = true)))
  socket.on('error', (error: Error) => settle(() => (failure = error)))
  try {
    for (;;) {
      if (filled === 0 && !ended && !failure) await new Promise<void>(resolve => (wake = resolve))
      wake = undefined
      if (failure) throw failure
      if (filled === 0) return
      const bytes = filled
      filled = 0
      yield buffer.subarray(0, bytes)
      socket.resume()
    }
  } finally {
    socket.destroy()
  }
}
