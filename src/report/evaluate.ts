import { compareTargets, type TargetComparison } from './compare.js'
import {
  type Acceptance,
  acceptCrossings,
  judgeAll,
  type GateConfig,
  type Verdict
} from './gate.js'
import { baselineCaveat, identityKey } from './identity.js'
import type { ReportFile } from './types.js'

/** What a run's images say against their bases: each comparison, and the gate's verdict on it. */
export interface Evaluation {
  comparisons: TargetComparison[]
  verdicts: Verdict[]
}

/** Caveats on baselines that are not quite the head's base, by the head's identity. */
function caveatsOf(heads: ReportFile[]): Map<string, string> {
  return new Map(
    heads.flatMap(file => {
      if (!file.baseline) return []
      const { sha, expectedSha, untracked, report } = file.baseline
      const caveat = baselineCaveat(
        { sha, expectedSha, untracked, buildArgs: report.buildArgs },
        file.buildArgs
      )
      return caveat ? [[identityKey(file), caveat] as const] : []
    })
  )
}

/**
 * Compares each head with its baseline (and says which images went), then judges:
 * the one evaluation behind the PR comment, the job summary and `sizegate diff`.
 */
export function evaluate(
  heads: ReportFile[],
  gate: GateConfig,
  accepted: Acceptance | null
): Evaluation {
  const bases = heads.flatMap(file => [
    ...(file.baseline ? [file.baseline.report] : []),
    ...file.removed
  ])
  const newImages = new Set(heads.filter(file => file.newInPullRequest).map(identityKey))
  const comparisons = compareTargets(heads, bases, caveatsOf(heads), newImages)
  return { comparisons, verdicts: acceptCrossings(judgeAll(comparisons, gate), accepted) }
}
