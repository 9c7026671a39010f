import { updateSize } from '../report/update.js'
import { creepOf } from '../report/trend.js'
import { onCommonMeasure } from '../report/common-measure.js'
import * as path from 'node:path'
import type { PullRequestInfo, RunContext } from '../github/context.js'
import { identityKey } from '../report/identity.js'
import type { ImageReport, ReportFile } from '../report/types.js'
import type { MeasuredTarget } from '../measure/report.js'
import type { BaselineMode } from '../request.js'
import type { BaseBuildResult } from './base-build.js'
import { baseCommitOf } from './base-commit.js'
import { repositoryRoot } from './git.js'
import { imageBaselines } from './image.js'
import { type Baselines, findBaselines, noBaselines, recordBaselines } from './index.js'

/** A run's head images, measured, and where a pull request's base numbers may come from. */
export interface Heads {
  measured: MeasuredTarget[]
  baseline: BaselineMode
  /** Registry images standing for the base, one per head image, in order. */
  baselineImages: string[]
  /** The Dockerfile that made them, when known: its git checkout is the one compared. */
  dockerfile?: string
  /**
   * Builds the base commit as the heads were built, in `repository` (the checkout);
   * absent where nothing is built here.
   */
  buildBase?: (pullRequest: PullRequestInfo, repository: string) => Promise<BaseBuildResult>
}

/** The heads as report files: compared with their base on a pull request, recorded on a push. */
export interface HeadReports {
  files: ReportFile[]
  /** The pull request, its base commit as the checkout has it; null when the run is about none. */
  pullRequest: PullRequestInfo | null
}

/** The base numbers of a pull request: images named by baseline-image, else the cache or a base build. */
function baselinesFor(
  heads: Heads,
  pullRequest: PullRequestInfo,
  checkout: { repository: string; workspace: string }
): Promise<Baselines> {
  if (heads.baseline === 'none') return Promise.resolve(noBaselines())
  if (heads.baselineImages.length > 0)
    return imageBaselines(heads.measured, heads.baselineImages, new Date())
  const { buildBase } = heads
  return findBaselines({
    mode: heads.baseline,
    heads: heads.measured.map(target => target.report),
    pullRequest,
    workspace: checkout.workspace,
    buildBase: buildBase && (() => buildBase(pullRequest, checkout.repository))
  })
}

/**
 * A pull request with its base commit as the checkout holding the Dockerfile has
 * it (actions/checkout's `path:`, else the workspace), and each head's baseline.
 */
async function pullRequestBase(
  heads: Heads,
  claimed: PullRequestInfo,
  sha: string,
  workspace: string
): Promise<{ pullRequest: PullRequestInfo; baselines: Baselines }> {
  const found = heads.dockerfile && (await repositoryRoot(path.dirname(heads.dockerfile)))
  const repository = found || workspace
  const pullRequest = { ...claimed, baseSha: await baseCommitOf(repository, sha, claimed.baseSha) }
  return {
    pullRequest,
    baselines: await baselinesFor(heads, pullRequest, { repository, workspace })
  }
}

/** The head against the base branch's history, where max-growth asks for it. */
function creepAgainst(
  baseline: ReportFile['baseline'],
  head: ImageReport,
  days: number | undefined
) {
  if (!baseline || days === undefined) return null
  const estimate = onCommonMeasure(baseline.report, head).measure === 'gzip-estimate'
  return creepOf(baseline.report, head, days, estimate)
}

/**
 * Finds each head's base on a pull request, records the heads on a push; with
 * `growthDays` (max-growth's window), each head against the base's history too.
 */
export async function withBaselines(
  heads: Heads,
  context: RunContext,
  workspace: string,
  growthDays?: number
): Promise<HeadReports> {
  const measured = heads.measured.map(target => target.report)
  const { pullRequest, baselines } = context.pullRequest
    ? await pullRequestBase(heads, context.pullRequest, context.sha, workspace)
    : { pullRequest: null, baselines: noBaselines() }
  const reports =
    context.eventName === 'push' && context.branch && heads.baseline !== 'none'
      ? await recordBaselines(measured, context.branch, context.sha, workspace)
      : measured
  const files = reports.map((report, index) => {
    const baseline = baselines.byIdentity.get(identityKey(report)) ?? null
    return {
      ...report,
      job: context.job,
      pullRequest,
      baseline,
      // The images no longer built travel once, with the first report.
      removed: index === 0 ? baselines.removed : [],
      newInPullRequest: baselines.newImages.has(identityKey(report)),
      update: baseline && updateSize(baseline.report, report),
      creep: creepAgainst(baseline, report, growthDays)
    }
  })
  return { files, pullRequest }
}
