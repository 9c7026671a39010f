import { updateSize } from '../report/update.js'
import { UserError } from '../errors.js'
import type { BaselineSource, ImageReport, ReportFile } from '../report/types.js'

/** The base named on the command line, as the comment says where a baseline came from. */
function givenBaseline(argument: string, base: ImageReport): BaselineSource {
  return {
    source: 'image',
    ref: argument,
    sha: base.imageId || base.commit || '',
    createdAt: base.createdAt,
    expectedSha: null,
    untracked: []
  }
}

/**
 * The base taken as the head's: the user said they are the same image, so it has
 * the head's name, identity and build args.
 */
function headWithBase(head: ImageReport, base: ImageReport, argument: string): ReportFile {
  const report = {
    ...base,
    target: head.target,
    identity: head.identity,
    buildArgs: head.buildArgs
  }
  return {
    ...head,
    job: null,
    pullRequest: null,
    baseline: { ...givenBaseline(argument, base), report },
    removed: [],
    newInPullRequest: false,
    update: updateSize(report, head),
    // The gate judges it (max-growth); a report file of the action's carries it.
    creep: null
  }
}

/**
 * Each image of HEAD with its base from BASE, named on the command line whatever
 * their names: one with one, or by platform when both have several.
 */
export function pairGiven(
  base: ImageReport[],
  head: ImageReport[],
  baseArgument: string
): ReportFile[] {
  if (base.length === 1 && head.length === 1) return [headWithBase(head[0], base[0], baseArgument)]
  return head.map(report => {
    const match = base.find(candidate => candidate.platform === report.platform)
    if (!match)
      throw new UserError(
        `BASE has no image for ${report.platform}; it has ${base.map(item => item.platform).join(', ')}`
      )
    return headWithBase(report, match, baseArgument)
  })
}
