import { log } from '../log.js'
import { markerComment } from '../report/comment.js'
import { type CommentPlace, explain, type Octokit, statusOf, withRetry } from './api.js'

export interface CommentResult {
  url: string | null
  action: 'created' | 'updated' | 'skipped' | 'failed'
}

export interface CommentOptions {
  /** Only update an existing comment; never create one. */
  updateOnly: boolean
  /** Waits between tries on 5xx answers. */
  retryDelaysMs: number[]
}

/** Who comments: a login, or — when the token cannot say — any bot (a person is never one). */
export type Author = { login: string } | { bot: true }

async function viewerLogin(octokit: Octokit): Promise<string | undefined> {
  try {
    const answer = await octokit.graphql<{ viewer: { login: string } }>(
      'query { viewer { login } }'
    )
    return answer.viewer.login
  } catch {
    return undefined
  }
}

/**
 * The token's own identity. Personal tokens read `GET /user`; GITHUB_TOKEN and App
 * installation tokens are refused there, and GraphQL's viewer may name their bot.
 */
export async function ownAuthor(octokit: Octokit, delays: number[]): Promise<Author> {
  try {
    const { data } = await withRetry(() => octokit.rest.users.getAuthenticated(), delays)
    return { login: data.login }
  } catch (error) {
    if (statusOf(error) !== 403 && statusOf(error) !== 404) throw error
  }
  const login = await viewerLogin(octokit)
  return login ? { login } : { bot: true }
}

/** Whether a comment's user is the token's own (any bot, when the token cannot say who it is). */
export function writtenBy(
  author: Author,
  user: { login: string; type?: string } | null | undefined
): boolean {
  return 'login' in author ? user?.login === author.login : user?.type === 'Bot'
}

async function findOwnComment(
  octokit: Octokit,
  place: CommentPlace,
  marker: string,
  author: Author,
  delays: number[]
) {
  const comments = await withRetry(
    () =>
      octokit.paginate(octokit.rest.issues.listComments, {
        owner: place.owner,
        repo: place.repo,
        issue_number: place.issueNumber,
        per_page: 100
      }),
    delays
  )
  const tag = markerComment(marker)
  return comments.find(comment => writtenBy(author, comment.user) && comment.body?.includes(tag))
}

/**
 * Keeps one comment per marker up to date: the token's own comment carrying the
 * marker is updated in place, else one is created. Any failure is a warning.
 */
export async function upsertComment(
  octokit: Octokit,
  place: CommentPlace,
  marker: string,
  body: string,
  options: CommentOptions
): Promise<CommentResult> {
  const delays = options.retryDelaysMs
  try {
    const author = await ownAuthor(octokit, delays)
    const existing = await findOwnComment(octokit, place, marker, author, delays)
    if (!existing && options.updateOnly) return { url: null, action: 'skipped' }
    const repo = { owner: place.owner, repo: place.repo }
    // Both answer with the comment; only its address is read.
    const write: () => Promise<{ data: { html_url: string } }> = existing
      ? () => octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body })
      : () => octokit.rest.issues.createComment({ ...repo, issue_number: place.issueNumber, body })
    const { data } = await withRetry(write, delays)
    const action = existing ? 'updated' : 'created'
    log.info(`The size comment is ${action}: ${data.html_url}`)
    return { url: data.html_url, action }
  } catch (error) {
    log.warning(
      `Could not comment on pull request #${place.issueNumber}: ${explain(error, 'pull-requests: write')} The comment is in the job summary and the comment-body output.`
    )
    return { url: null, action: 'failed' }
  }
}
