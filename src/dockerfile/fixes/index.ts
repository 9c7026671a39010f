import { compatible, type Fix } from './edits.js'
import { multiStage } from './multi-stage.js'
import { type FixFacts, RULES } from './rules.js'

export type { Fix } from './edits.js'
export { applyFixes } from './edits.js'
export type { FixFacts } from './rules.js'

/**
 * The mechanical fixes of the target's Dockerfile, each on its own, in order of the
 * rules: where two touch the same lines, `compatible` keeps the first when all are
 * applied together (the split into stages before the slim base it includes).
 */
export function findFixes(facts: FixFacts): Fix[] {
  return [...multiStage(facts), ...RULES.flatMap(rule => rule(facts))].sort(
    (a, b) => a.line - b.line || a.rule.localeCompare(b.rule)
  )
}

/** The fixes that can all be applied at once. */
export function allTogether(fixes: Fix[]): Fix[] {
  const first = fixes.filter(fix => fix.rule === 'multi-stage')
  return compatible([...first, ...fixes.filter(fix => fix.rule !== 'multi-stage')])
}
