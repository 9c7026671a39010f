import * as core from '@actions/core'
import * as github from '@actions/github'
import { markerComment } from '../report/comment.js'

type Octokit = ReturnType<typeof github.getOctokit>

export interface CommentPlace {
  owner: string
  repo: string
  issueNumber: number
}

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

/**
 * A client for the API this run talks to. GITHUB_API_URL is read now, not when
 * @actions/github was loaded, so a GitHub Enterprise or test server is always used.
 */
export function createOctokit(token: string): Octokit {
  return github.getOctokit(token, {
    baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com'
  })
}

/** Waits between tries when the API answers 5xx. */
export const API_RETRY_DELAYS_MS = [1000, 3000]

/** The login comments by GITHUB_TOKEN are made under; /user is closed to it. */
const ACTIONS_BOT = 'github-actions[bot]'

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error
    ? Number((error as { status: unknown }).status)
    : undefined
}

/** Runs a call, trying again after each delay while the API answers 5xx. */
export async function withRetry<T>(call: () => Promise<T>, delaysMs: number[]): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      const status = statusOf(error) ?? 0
      if (status < 500 || attempt >= delaysMs.length) throw error
      await new Promise(resolve => setTimeout(resolve, delaysMs[attempt]))
    }
  }
}

async function ownLogin(octokit: Octokit, delays: number[]): Promise<string> {
  try {
    const { data } = await withRetry(() => octokit.rest.users.getAuthenticated(), delays)
    return data.login
  } catch (error) {
    if (statusOf(error) === 403 || statusOf(error) === 404) return ACTIONS_BOT
    throw error
  }
}

async function findOwnComment(
  octokit: Octokit,
  place: CommentPlace,
  marker: string,
  login: string,
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
  return comments.find(comment => comment.user?.login === login && comment.body?.includes(tag))
}

function explain(error: unknown): string {
  const status = statusOf(error)
  const message = (error as Error).message ?? String(error)
  if (status === 403 || status === 404) {
    return `the token may not comment here (${status}: ${message}). Pull requests from forks get a read-only token: post from a workflow_run workflow with mode: comment (see the README).`
  }
  return status ? `the GitHub API answered ${status}: ${message}` : message
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
    const login = await ownLogin(octokit, delays)
    const existing = await findOwnComment(octokit, place, marker, login, delays)
    if (!existing && options.updateOnly) return { url: null, action: 'skipped' }
    const repo = { owner: place.owner, repo: place.repo }
    // Both answer with the comment; only its address is read.
    const write: () => Promise<{ data: { html_url: string } }> = existing
      ? () => octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body })
      : () => octokit.rest.issues.createComment({ ...repo, issue_number: place.issueNumber, body })
    const { data } = await withRetry(write, delays)
    const action = existing ? 'updated' : 'created'
    core.info(`The size comment is ${action}: ${data.html_url}`)
    return { url: data.html_url, action }
  } catch (error) {
    core.warning(
      `Could not comment on pull request #${place.issueNumber}: ${explain(error)} The comment is in the job summary and the comment-body output.`
    )
    return { url: null, action: 'failed' }
  }
}

/** The head SHA of a pull request, to check a report from another workflow against. */
export async function pullRequestHead(
  octokit: Octokit,
  place: CommentPlace,
  delays: number[]
): Promise<string> {
  const { data } = await withRetry(
    () =>
      octokit.rest.pulls.get({
        owner: place.owner,
        repo: place.repo,
        pull_number: place.issueNumber
      }),
    delays
  )
  return data.head.sha
}
