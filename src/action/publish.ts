import * as core from '@actions/core'
import { log } from '../log.js'
import { createHash } from 'node:crypto'
import type { PublishConfig } from '../request.js'
import { findAcceptance } from '../github/acceptance.js'
import {
  API_RETRY_DELAYS_MS,
  type CommentPlace,
  createOctokit,
  explain,
  type Octokit
} from '../github/api.js'
import { type CommentResult, upsertComment } from '../github/comment.js'
import {
  checksOnChangedLines,
  pullRequestPatches,
  type PullRequestPatches,
  suggestFixes
} from '../github/review.js'
import { setCommitStatus } from '../github/status.js'
import type { PullRequestInfo, RunContext } from '../github/context.js'
import { writeJobSummary } from './job-summary.js'
import { Outputs } from '../input-names.js'
import { renderComment } from '../report/comment.js'
import { escapeText } from '../report/format.js'
import { metricOf, type TargetComparison } from '../report/compare.js'
import { evaluate } from '../report/evaluate.js'
import type { Acceptance, Verdict } from '../report/gate.js'
import { identityKey } from '../report/identity.js'
import { renderSummary } from '../report/summary.js'
import type { ReportFile } from '../report/types.js'

export interface PublishInput {
  files: ReportFile[]
  config: PublishConfig
  context: RunContext
  pullRequest: PullRequestInfo | null
  /** Also put the build's size table in the job summary (mode build). */
  withBuildSummary: boolean
  /**
   * Offer verified fixes as review suggestions: only for reports this run built;
   * a report from an artifact chooses no code for the PR.
   */
  suggestFixes: boolean
  /** The PR head commit the verdict goes on as a status (mode comment), when it was verified. */
  statusSha: string | null
  now: Date
}

/**
 * One comment per job (of the run that built the reports) and set of images (their
 * identities), so two jobs, or two legs of one matrix job, never fight over one comment.
 */
function commentMarker(files: ReportFile[]): string {
  const targets = files.map(identityKey).sort()
  const identity = [files[0]?.job ?? '', ...targets].join('\n')
  return `sizegate:${createHash('sha256').update(identity).digest('hex').slice(0, 12)}`
}

function changed(comparisons: TargetComparison[], config: PublishConfig): boolean {
  return comparisons.some(
    comparison =>
      comparison.status === 'new' ||
      comparison.status === 'removed' ||
      (metricOf(comparison, config.gate.metric).delta ?? 0) !== 0
  )
}

/** The pull request as the API addresses it; null when the run is about none. */
function pullRequestPlace(input: PublishInput): CommentPlace | null {
  const { context, pullRequest } = input
  return pullRequest
    ? { owner: context.owner, repo: context.repo, issueNumber: pullRequest.number }
    : null
}

async function comment(
  input: PublishInput,
  octokit: Octokit | null,
  body: string,
  comparisons: TargetComparison[]
): Promise<CommentResult> {
  const { config } = input
  const place = pullRequestPlace(input)
  if (config.comment === 'never' || !place) {
    if (config.comment === 'always' && !place)
      log.warning(
        'comment: always, but this run is not about a pull request; nothing to comment on.'
      )
    return { url: null, action: 'skipped' }
  }
  if (!octokit) {
    log.warning(
      'github-token is empty, so the size comment cannot be posted; it is in the job summary and the comment-body output.'
    )
    return { url: null, action: 'skipped' }
  }
  return upsertComment(octokit, place, commentMarker(input.files), body, {
    updateOnly: config.comment === 'on-change' && !changed(comparisons, config),
    retryDelaysMs: API_RETRY_DELAYS_MS
  })
}

/** Where the PR head's files are on GitHub; null when the repository is not known. */
function blobUrlOf(context: RunContext, headSha: string): string | null {
  if (!context.owner || !context.repo || !/^[0-9a-f]{40,64}$/.test(headSha)) return null
  return `${context.serverUrl}/${context.owner}/${context.repo}/blob/${headSha}/`
}

/** The accept label, when one is configured and a reviewer put it on the PR. */
async function acceptance(
  input: PublishInput,
  octokit: Octokit | null
): Promise<Acceptance | null> {
  const label = input.config.allowIncreaseLabel
  const place = pullRequestPlace(input)
  if (!label || !octokit || !place) return null
  return findAcceptance(octokit, place, label, API_RETRY_DELAYS_MS)
}

/**
 * The PR's diff of the files it changes, where the PR is commented on; undefined
 * where it is not, or cannot be read (said in a warning).
 */
async function pullRequestDiff(
  input: PublishInput,
  octokit: Octokit | null
): Promise<PullRequestPatches | undefined> {
  const place = pullRequestPlace(input)
  if (!octokit || !place || input.config.comment === 'never') return undefined
  try {
    return await pullRequestPatches(octokit, place, API_RETRY_DELAYS_MS)
  } catch (error) {
    log.warning(
      `Could not read the files of pull request #${place.issueNumber}: ${explain(error, 'pull-requests: read')} No fix is suggested on its lines, and the comment does not pick out the build checks on them.`
    )
    return undefined
  }
}

/** Verified fixes of lines the PR changed, offered as review suggestions where the PR is commented on. */
async function suggestions(
  input: PublishInput,
  octokit: Octokit | null,
  patches: PullRequestPatches | undefined
): Promise<Map<string, Set<number>>> {
  const place = pullRequestPlace(input)
  if (!input.suggestFixes || !octokit || !place || !input.pullRequest || !patches) return new Map()
  return suggestFixes(
    octokit,
    place,
    input.pullRequest.headSha,
    input.files,
    patches,
    API_RETRY_DELAYS_MS
  )
}

function setComparisonOutputs(
  comparisons: TargetComparison[],
  verdicts: Verdict[],
  config: PublishConfig
): void {
  const first = comparisons.find(comparison => comparison.status === 'compared')
  const size = first ? metricOf(first, config.gate.metric) : undefined
  core.setOutput(Outputs.baselineSize, size?.base ?? '')
  core.setOutput(Outputs.delta, size?.delta ?? '')
  core.setOutput(
    Outputs.deltaPercent,
    size?.percent === null || size?.percent === undefined ? '' : size.percent.toFixed(2)
  )
  const update = first?.update
  core.setOutput(Outputs.updateSize, update?.known ? update.bytes : '')
  core.setOutput(Outputs.exceeded, String(verdicts.some(verdict => verdict.exceeded)))
}

/**
 * Compares, judges and tells: the log, the outputs, the job summary and the PR
 * comment, in that order. Returns the verdicts; failing the step is the caller's.
 */
export async function publish(input: PublishInput): Promise<Verdict[]> {
  const heads = input.files
  const octokit = input.config.token ? await createOctokit(input.config.token) : null
  const accepted = await acceptance(input, octokit)
  const { comparisons, verdicts } = evaluate(heads, input.config.gate, accepted)
  for (const verdict of verdicts) log.info(verdict.sentence)
  setComparisonOutputs(comparisons, verdicts, input.config)
  const baseline = heads.find(file => file.baseline)?.baseline ?? null
  const patches = await pullRequestDiff(input, octokit)
  const suggested = await suggestions(input, octokit, patches)
  const body = input.pullRequest
    ? renderComment({
        marker: commentMarker(heads),
        baseLabel: input.pullRequest.baseRef,
        comparisons,
        verdicts,
        metric: input.config.gate.metric,
        baseline,
        acceptance: accepted,
        blobUrl: blobUrlOf(input.context, input.pullRequest.headSha),
        now: input.now,
        suggested,
        changedChecks: patches ? checksOnChangedLines(heads, patches) : [],
        maxGrowth: input.config.gate.maxGrowth
      })
    : ''
  core.setOutput(Outputs.commentBody, body)
  const verdictLines = verdicts
    .map(verdict => `- ${verdict.exceeded ? '🆘 ' : ''}${escapeText(verdict.sentence)}`)
    .join('\n')
  const sections = [
    input.withBuildSummary ? renderSummary(heads) : '',
    body || `### sizegate verdict\n\n${verdictLines}\n`
  ]
  await writeJobSummary(sections.filter(Boolean).join('\n\n'))
  const posted = await comment(input, octokit, body, comparisons)
  core.setOutput(Outputs.commentUrl, posted.url ?? '')
  if (octokit && input.statusSha && input.config.commitStatus) {
    const { owner, repo, job, runUrl } = input.context
    const place = {
      owner,
      repo,
      sha: input.statusSha,
      name: `sizegate / ${job}`,
      targetUrl: runUrl
    }
    await setCommitStatus(octokit, place, verdicts, API_RETRY_DELAYS_MS)
  }
  return verdicts
}
