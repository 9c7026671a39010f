import * as core from '@actions/core'
import type { ImageReport } from '../report/types.js'

/** Each hint as a notice on its Dockerfile line, where a pull request's diff shows it. */
export function annotateHints(report: ImageReport): void {
  for (const hint of report.hints) {
    core.notice(hint.message, {
      title: `sizegate hint for ${report.target}`,
      file: report.dockerfile,
      ...(hint.line ? { startLine: hint.line } : {})
    })
  }
}
