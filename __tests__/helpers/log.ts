import { terminalLog, useLog } from '../../src/log.js'

/** Runs `work` with the core's warnings collected and the rest unsaid; then the default log again. */
export function capturedWarnings<T>(work: () => T): { result: T; lines: string[] } {
  const lines: string[] = []
  useLog({ ...terminalLog(() => undefined), warning: message => lines.push(message) })
  try {
    return { result: work(), lines }
  } finally {
    useLog(terminalLog())
  }
}
