import { runCommand } from './command.js'

/** A new FIFO at `file`, only its owner may open it. */
export async function makeFifo(file: string): Promise<void> {
  const made = await runCommand('mkfifo', ['-m', '600', file])
  if (!made.ok) throw new Error(`mkfifo ${file}: ${made.error}`)
}
