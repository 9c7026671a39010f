import { type Octokit, withRetry } from './api.js'
import type { PullRequestInfo, RunContext, WorkflowRunInfo } from './context.js'

/** A report's pull request, checked against what the API says; or why it was refused. */
export type Verification = { pullRequest: PullRequestInfo } | { refused: string }

const short = (sha: string): string => sha.slice(0, 7)

/**
 * In a `workflow_run` run, only what the triggering run proves counts: the report
 * must be of the commit that run built, and its PR one whose head is that commit in
 * the repository that run built from, as the API lists them. The report's number
 * alone is never taken on faith: a fork can name anyone's PR and head.
 */
async function verifyAgainstRun(
  octokit: Octokit,
  context: RunContext,
  run: WorkflowRunInfo,
  claimed: PullRequestInfo,
  delays: number[]
): Promise<Verification> {
  if (claimed.headSha !== run.headSha)
    return {
      refused: `The report is of ${short(claimed.headSha)}, but the run that made it built ${short(run.headSha)}: not commenting.`
    }
  const [headOwner] = run.headRepository.split('/')
  const open = await withRetry(
    () =>
      octokit.paginate(octokit.rest.pulls.list, {
        owner: context.owner,
        repo: context.repo,
        state: 'open',
        head: `${headOwner}:${run.headBranch}`,
        per_page: 100
      }),
    delays
  )
  const thisRepository = `${context.owner}/${context.repo}`
  const found = open.find(
    pr =>
      pr.number === claimed.number &&
      pr.head.sha === run.headSha &&
      pr.head.repo?.full_name === run.headRepository &&
      pr.base.repo.full_name === thisRepository
  )
  if (!found)
    return {
      refused: `The report names pull request #${claimed.number}, but no open pull request of ${thisRepository} has the head ${short(run.headSha)} of ${run.headRepository} that the triggering run built: not commenting.`
    }
  return { pullRequest: { ...claimed, number: found.number, baseRef: found.base.ref } }
}

/** Elsewhere (a report handed on within one repository), the PR must still be at the report's head. */
async function verifyHead(
  octokit: Octokit,
  context: RunContext,
  claimed: PullRequestInfo,
  delays: number[]
): Promise<Verification> {
  const { data } = await withRetry(
    () =>
      octokit.rest.pulls.get({
        owner: context.owner,
        repo: context.repo,
        pull_number: claimed.number
      }),
    delays
  )
  if (data.head.sha !== claimed.headSha)
    return {
      refused: `The report is of ${short(claimed.headSha)}, but pull request #${claimed.number} is at ${short(data.head.sha)}: not commenting.`
    }
  return { pullRequest: { ...claimed, baseRef: data.base.ref } }
}

/** The pull request a report from another workflow may be posted on, from the API's answers. */
export function verifyPullRequest(
  octokit: Octokit,
  context: RunContext,
  claimed: PullRequestInfo,
  delays: number[]
): Promise<Verification> {
  return context.workflowRun
    ? verifyAgainstRun(octokit, context, context.workflowRun, claimed, delays)
    : verifyHead(octokit, context, claimed, delays)
}
