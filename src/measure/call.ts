import { callChecksOf } from '../buildx/checks.js'
import { failureLines } from '../buildx/progress.js'
import { type CallAnswer, runCall } from '../buildx/run.js'
import type { BuildCheck } from '../report/types.js'
import { type BuildRun, dockerfileLabel, withPlans } from './build.js'

/** The checks a `call: check` found on a target's Dockerfile, and how buildx answered. */
export interface TargetAnswer extends CallAnswer {
  /** The Dockerfile, as the workspace names it. */
  dockerfile: string
  checks: BuildCheck[]
}

/** Asks buildx the `call` method (check, outline, targets) for each target: no image, nothing measured. */
export function callTargets(run: BuildRun): Promise<TargetAnswer[]> {
  return withPlans(run, async plans => {
    const answers: TargetAnswer[] = []
    for (const [index, plan] of plans.entries()) {
      const answer = await runCall(plan, run.builder)
      const text = run.targets[index].text
      answers.push({
        ...answer,
        dockerfile: dockerfileLabel(run.config, run.workspace),
        checks: callChecksOf(answer.metadata, { file: plan.file, text })
      })
    }
    return answers
  })
}

/** Why a call failed: the checks it found, or buildx's own last lines. */
export function callFailure(answer: TargetAnswer): string {
  const rules = [...new Set(answer.checks.map(check => check.rule))]
  if (rules.length > 0)
    return `Build checks of target "${answer.target}" in ${answer.dockerfile} failed: ${answer.checks.length} found (${rules.join(', ')})`
  return `The call of target "${answer.target}" failed (exit code ${answer.exitCode}):\n${failureLines(answer.lines).join('\n')}`
}
