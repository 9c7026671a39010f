import { createHash } from 'node:crypto'
import { log } from '../log.js'
import { markerComment } from '../report/comment.js'
import { fenced } from '../report/fix-comment.js'
import { savingText } from '../report/fix-text.js'
import { escapeText } from '../report/format.js'
import { identityKey } from '../report/identity.js'
import type { ChangedChecks } from '../report/comment.js'
import type { ImageReport } from '../report/types.js'
import { type CommentPlace, explain, type Octokit, withRetry } from './api.js'
import { ownAuthor, writtenBy } from './comment.js'
import { addedLines, rightSideLines } from './diff-lines.js'

const MARKER = 'sizegate-fix:'

/** A review comment sizegate wants on the PR: a suggested change of lines the PR changed. */
interface Suggestion {
  target: string
  path: string
  line: number
  endLine: number
  marker: string
  body: string
}

/** The same fix of the same lines of the same image is one marker: a later push finds it again. */
function markerOf(report: ImageReport, rule: string, line: number, lines: string[]): string {
  const key = [identityKey(report), rule, line, ...lines].join('\n')
  return markerComment(`${MARKER}${createHash('sha256').update(key).digest('hex').slice(0, 16)}`)
}

/** Each verified fix whose lines all lie in the PR's diff of its Dockerfile. */
function suggestionsOf(
  reports: ImageReport[],
  patches: Map<string, string | undefined>
): Suggestion[] {
  return reports.flatMap(report => {
    const path = report.dockerfile
    if (!report.fixes || !patches.has(path)) return []
    const inDiff = rightSideLines(patches.get(path))
    return report.fixes.list
      .filter(fix => fix.saving)
      .filter(fix =>
        Array.from({ length: fix.endLine - fix.line + 1 }, (_, at) => fix.line + at).every(line =>
          inDiff.has(line)
        )
      )
      .map(fix => {
        const marker = markerOf(report, fix.rule, fix.line, fix.suggestion)
        const body = [
          `**sizegate**: ${escapeText(fix.title)}. A build of the Dockerfile with this change ${savingText(fix)}.`,
          '',
          fenced(fix.suggestion.join('\n'), 'suggestion'),
          marker
        ].join('\n')
        return { target: report.target, path, line: fix.line, endLine: fix.endLine, marker, body }
      })
  })
}

/** The PR's diff of each file it changes (its `patch`, absent for a binary or huge file), by path. */
export type PullRequestPatches = Map<string, string | undefined>

/** The files a pull request changes, with their diffs. */
export async function pullRequestPatches(
  octokit: Octokit,
  place: CommentPlace,
  delays: number[]
): Promise<PullRequestPatches> {
  const pull = { owner: place.owner, repo: place.repo, pull_number: place.issueNumber }
  const files = await withRetry(
    () => octokit.paginate(octokit.rest.pulls.listFiles, { ...pull, per_page: 100 }),
    delays
  )
  return new Map(files.map(file => [file.filename, file.patch]))
}

/** Each image's BuildKit checks on lines the pull request added or changed in its Dockerfile. */
export function checksOnChangedLines(
  reports: ImageReport[],
  patches: PullRequestPatches
): ChangedChecks[] {
  return reports.flatMap(report => {
    if (!patches.has(report.dockerfile)) return []
    const changed = addedLines(patches.get(report.dockerfile))
    const checks = report.buildChecks.filter(
      check => check.line !== null && changed.has(check.line)
    )
    return checks.length > 0
      ? [{ target: report.target, dockerfile: report.dockerfile, checks }]
      : []
  })
}

function addLine(suggested: Map<string, Set<number>>, suggestion: Suggestion): void {
  suggested.set(
    suggestion.target,
    (suggested.get(suggestion.target) ?? new Set()).add(suggestion.line)
  )
}

/** One write to the API; a refusal or failure is a warning, and the rest goes on. */
async function tryCall(
  call: () => Promise<unknown>,
  delays: number[],
  what: string
): Promise<boolean> {
  try {
    await withRetry(call, delays)
    return true
  } catch (error) {
    log.warning(`${what}: ${explain(error, 'pull-requests: write')}`)
    return false
  }
}

/**
 * Offers each verified fix of lines the pull request changed as a review comment
 * with a suggested change, once: a suggestion already on the PR is not repeated,
 * and one no longer wanted (applied, or its lines changed) is deleted. Answers the
 * lines suggested, by target; a refusal or failure is a warning.
 */
export async function suggestFixes(
  octokit: Octokit,
  place: CommentPlace,
  headSha: string,
  reports: ImageReport[],
  patches: PullRequestPatches,
  delays: number[]
): Promise<Map<string, Set<number>>> {
  const suggested = new Map<string, Set<number>>()
  const pull = { owner: place.owner, repo: place.repo, pull_number: place.issueNumber }
  try {
    const wanted = suggestionsOf(reports, patches)
    const author = await ownAuthor(octokit, delays)
    const existing = await withRetry(
      () => octokit.paginate(octokit.rest.pulls.listReviewComments, { ...pull, per_page: 100 }),
      delays
    )
    const ours = existing.filter(
      comment => writtenBy(author, comment.user) && comment.body.includes(MARKER)
    )
    for (const comment of ours)
      if (!wanted.some(suggestion => comment.body.includes(suggestion.marker)))
        await tryCall(
          () => octokit.rest.pulls.deleteReviewComment({ ...pull, comment_id: comment.id }),
          delays,
          `Could not delete an outdated fix suggestion on pull request #${place.issueNumber}`
        )
    for (const suggestion of wanted) {
      if (ours.some(comment => comment.body.includes(suggestion.marker))) {
        addLine(suggested, suggestion)
        continue
      }
      const range =
        suggestion.endLine > suggestion.line
          ? { start_line: suggestion.line, start_side: 'RIGHT' as const }
          : {}
      const posted = await tryCall(
        () =>
          octokit.rest.pulls.createReviewComment({
            ...pull,
            commit_id: headSha,
            path: suggestion.path,
            body: suggestion.body,
            line: suggestion.endLine,
            side: 'RIGHT',
            ...range
          }),
        delays,
        `Could not suggest the fix of ${suggestion.path}:${suggestion.line} on pull request #${place.issueNumber}`
      )
      if (!posted) continue
      addLine(suggested, suggestion)
      log.info(`Suggested a fix of ${suggestion.path}:${suggestion.line} on the pull request.`)
    }
  } catch (error) {
    log.warning(
      `Could not suggest fixes on pull request #${place.issueNumber}: ${explain(error, 'pull-requests: write')} The fixes are in the comment and the job summary.`
    )
  }
  return suggested
}
