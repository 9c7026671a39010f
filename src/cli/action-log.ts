/** What a workflow command line of the action's log becomes in a terminal; null to drop it. */
export function plainLine(line: string): string | null {
  const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
  if (!command) return line
  const [, name, text] = command
  const message = text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
  switch (name) {
    case 'group':
      return `── ${message}`
    case 'warning':
    case 'error':
    case 'notice':
      return `${name}: ${message}`
    default:
      // add-mask (a secret), debug, endgroup, set-output and the rest are the runner's.
      return null
  }
}

/**
 * The shared core logs through @actions/core, which writes workflow commands to
 * stdout for the runner. On a command line, stdout carries the result (a table,
 * JSON, markdown): the log goes to stderr, its commands made plain, and secrets
 * a command would mask are never shown. Answers the writer of the result.
 */
export function logToStderr(): (text: string) => void {
  const stdout = process.stdout.write.bind(process.stdout)
  let partial = ''
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    const lines = (partial + text).split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines) {
      const plain = plainLine(line)
      if (plain !== null) process.stderr.write(`${plain}\n`)
    }
    const callback = rest.find(item => typeof item === 'function') as (() => void) | undefined
    callback?.()
    return true
  }) as typeof process.stdout.write
  return text => void stdout(text)
}
