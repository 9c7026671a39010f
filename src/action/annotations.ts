import * as core from '@actions/core'
import { goBoolean } from '../buildx/attests.js'
import type { BuildCheck, ImageReport } from '../report/types.js'

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

/**
 * Each BuildKit check as a warning on its Dockerfile line, as build-push-action
 * shows them; DOCKER_BUILD_CHECKS_ANNOTATIONS=false turns them off there and here.
 */
export function annotateBuildChecks(
  checks: BuildCheck[],
  dockerfile: string,
  env: NodeJS.ProcessEnv
): void {
  if (goBoolean(env.DOCKER_BUILD_CHECKS_ANNOTATIONS ?? 'true') === false) return
  for (const check of checks) {
    const more = check.url ? `\nMore info: ${check.url}` : ''
    core.warning(`${check.rule}: ${check.message}${more}`, {
      title: check.description || check.rule,
      file: dockerfile,
      ...(check.line ? { startLine: check.line } : {})
    })
  }
}
