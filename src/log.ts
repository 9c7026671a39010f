/**
 * What the core says while it works. The core never writes to a terminal or to
 * the runner itself: each shell installs the way it speaks (the action as
 * workflow commands, the CLI as plain lines on stderr) with useLog.
 */
export interface Log {
  info(message: string): void
  notice(message: string): void
  warning(message: string): void
  debug(message: string): void
  /** Runs `work`, its lines folded under `name` where the shell can fold them. */
  group<T>(name: string, work: () => Promise<T>): Promise<T>
  /** A value never to be shown, such as a secret build arg's. */
  secret(value: string): void
}

// C0 and C1 controls but tab and newline: an archive's names may hold escapes and bells.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g

/** Text from an archive or a command, safe on a terminal: control characters shown as \\xNN. */
export function printable(text: string): string {
  return text.replace(CONTROL, char => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

/** Plain lines on stderr, secrets shown as ***, controls escaped: the CLI's way, and the default. */
export function terminalLog(
  write: (line: string) => void = line => process.stderr.write(line)
): Log {
  const secrets = new Set<string>()
  const masked = (message: string) =>
    [...secrets].reduce((text, secret) => text.split(secret).join('***'), message)
  const say = (message: string) => write(`${printable(masked(message))}\n`)
  return {
    info: say,
    notice: message => say(`notice: ${message}`),
    warning: message => say(`warning: ${message}`),
    debug: () => undefined,
    group: (name, work) => {
      say(`── ${name}`)
      return work()
    },
    secret: value => {
      if (value) secrets.add(value)
    }
  }
}

let current: Log = terminalLog()

/** Makes `shell` the way the core speaks from now on. */
export function useLog(shell: Log): void {
  current = shell
}

/** The core's log: whatever the shell installed. */
export const log: Log = {
  info: message => current.info(message),
  notice: message => current.notice(message),
  warning: message => current.warning(message),
  debug: message => current.debug(message),
  group: (name, work) => current.group(name, work),
  secret: value => current.secret(value)
}
