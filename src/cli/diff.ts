import { UserError } from '../errors.js'
import { compareTargets, type TargetComparison } from '../report/compare.js'
import type { ImageReport } from '../report/types.js'

/**
 * Pairs the images of BASE and HEAD, named on the command line, whatever their
 * names: one with one, or by platform when both have several.
 */
export function compareGiven(base: ImageReport[], head: ImageReport[]): TargetComparison[] {
  if (base.length === 1 && head.length === 1) return [compareAs(base[0], head[0])]
  return head.map(report => {
    const match = base.find(candidate => candidate.platform === report.platform)
    if (!match)
      throw new UserError(
        `BASE has no image for ${report.platform}; it has ${base.map(item => item.platform).join(', ')}`
      )
    return compareAs(match, report)
  })
}

/** The base under the head's name and identity: the user said they are the same image. */
function compareAs(base: ImageReport, head: ImageReport): TargetComparison {
  const [comparison] = compareTargets(
    [head],
    [{ ...base, target: head.target, identity: head.identity }]
  )
  return comparison
}
