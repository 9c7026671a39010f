import { log } from '../log.js'
import type { Acceptance } from '../report/gate.js'
import { type CommentPlace, explain, type Octokit, withRetry } from './api.js'

/**
 * Whether a reviewer accepted this PR's size crossing: the label is on the PR now,
 * and the newest `labeled` event for it says who put it there and when.
 */
export async function findAcceptance(
  octokit: Octokit,
  place: CommentPlace,
  label: string,
  delays: number[]
): Promise<Acceptance | null> {
  const where = { owner: place.owner, repo: place.repo, issue_number: place.issueNumber }
  try {
    const labels = await withRetry(
      () => octokit.paginate(octokit.rest.issues.listLabelsOnIssue, { ...where, per_page: 100 }),
      delays
    )
    if (!labels.some(item => item.name === label)) return null
    const events = await withRetry(
      () => octokit.paginate(octokit.rest.issues.listEvents, { ...where, per_page: 100 }),
      delays
    )
    // Events of many kinds share the list; a labeled one names its label.
    const labeled = events as {
      event?: string
      label?: { name?: string }
      actor?: { login?: string } | null
      created_at?: string
    }[]
    const applied = labeled
      .filter(event => event.event === 'labeled' && event.label?.name === label)
      .at(-1)
    return { label, by: applied?.actor?.login ?? null, at: applied?.created_at ?? null }
  } catch (error) {
    log.warning(
      `Could not read the labels of pull request #${place.issueNumber}, so the label ${label} is not applied: ${explain(error, 'pull-requests: read')}`
    )
    return null
  }
}
