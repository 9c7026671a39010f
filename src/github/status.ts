import { log } from '../log.js'
import { shorten } from '../report/format.js'
import type { Verdict } from '../report/gate.js'
import { explain, type Octokit, withRetry } from './api.js'

/** GitHub cuts a status description at this length. */
const DESCRIPTION_LIMIT = 140

export interface StatusPlace {
  owner: string
  repo: string
  sha: string
  /** The status's name, which branch protection can require. */
  name: string
  targetUrl: string | null
}

/** The gate's verdict in one status: failure with the first crossing, else success. */
export function statusFor(verdicts: Verdict[]): {
  state: 'success' | 'failure'
  description: string
} {
  const crossed = verdicts.find(verdict => verdict.exceeded)
  const description = crossed
    ? crossed.sentence
    : verdicts.length === 1
      ? verdicts[0].sentence
      : `${verdicts.length} images within their limits.`
  return {
    state: crossed ? 'failure' : 'success',
    description: shorten(description, DESCRIPTION_LIMIT)
  }
}

/**
 * Puts the verdict on the PR's head commit. A `workflow_run` job's own check
 * belongs to the default branch, so this status is what can block a fork's PR.
 */
export async function setCommitStatus(
  octokit: Octokit,
  place: StatusPlace,
  verdicts: Verdict[],
  delays: number[]
): Promise<void> {
  const { state, description } = statusFor(verdicts)
  try {
    await withRetry(
      () =>
        octokit.rest.repos.createCommitStatus({
          owner: place.owner,
          repo: place.repo,
          sha: place.sha,
          state,
          context: place.name,
          description,
          ...(place.targetUrl ? { target_url: place.targetUrl } : {})
        }),
      delays
    )
    log.info(`Commit status "${place.name}" on ${place.sha.slice(0, 7)}: ${state}.`)
  } catch (error) {
    log.warning(
      `Could not set the commit status "${place.name}": ${explain(error, 'statuses: write')}`
    )
  }
}
