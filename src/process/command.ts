import { spawn } from 'node:child_process'
import { log } from '../log.js'

/** How a command ended, and what it wrote. */
export interface CommandResult {
  ok: boolean
  /** null when it was killed. */
  exitCode: number | null
  stdout: string
  stderr: string
  /** What went wrong, for a message: its stderr, else how it ended. */
  error: string
}

export interface CommandOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Killed past this time, and said so in `error`. */
  timeoutMs?: number
  /** Shows the command and each line of its output as it comes, in the log: a build's or a pull's progress. */
  echo?: boolean
  /** Each line of either stream, as it comes. */
  onLine?: (line: string) => void
}

/** Splits a stream's text into lines as it comes; one partial line per stream. */
function lineSplitter(onLine: (line: string) => void) {
  let partial = ''
  return {
    add(text: string): void {
      const lines = (partial + text).split(/\r?\n/)
      partial = lines.pop() ?? ''
      lines.forEach(onLine)
    },
    end(): void {
      if (partial) onLine(partial)
      partial = ''
    }
  }
}

/**
 * Runs a command to its end, never throwing: its output is kept (and shown line by
 * line with `echo`); a command that cannot start ends with exit code null.
 */
export function runCommand(
  command: string,
  args: string[],
  options: CommandOptions = {}
): Promise<CommandResult> {
  if (options.echo) log.info(`[command]${command} ${args.join(' ')}`)
  return new Promise(resolve => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const out: string[] = []
    const err: string[] = []
    const echo = (line: string) => {
      options.onLine?.(line)
      if (options.echo) log.info(line)
    }
    const outLines = lineSplitter(echo)
    const errLines = lineSplitter(echo)
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      out.push(text)
      outLines.add(text)
    })
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      err.push(text)
      errLines.add(text)
    })
    let startError = ''
    child.on('error', error => (startError = error.message))
    // Past its time the command is killed and its pipes closed: a process it started
    // (docker's CLI plugins) may hold them open, and would keep us waiting for good.
    let timedOut = false
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true
            child.stdout.destroy()
            child.stderr.destroy()
            child.kill()
          }, options.timeoutMs)
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer)
      outLines.end()
      errLines.end()
      const [stdout, stderr] = [out.join(''), err.join('')]
      const name = `${command} ${args[0] ?? ''}`.trim()
      const ended = startError
        ? `${name} could not start: ${startError}`
        : timedOut
          ? `${name} did not finish within ${(options.timeoutMs ?? 0) / 1000} s`
          : `${name} exited with ${exitCode ?? signal}`
      const error = timedOut || startError ? ended : stderr.trim() || ended
      const ok = exitCode === 0 && !startError && !timedOut
      // Node gives a command that never started its errno as exit code.
      resolve({ ok, exitCode: startError ? null : exitCode, stdout, stderr, error })
    })
  })
}

/** A docker command whose output is read, not shown. */
export function docker(args: string[], options: CommandOptions = {}): Promise<CommandResult> {
  return runCommand('docker', args, options)
}
