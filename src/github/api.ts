import type * as github from '@actions/github'

export type Octokit = ReturnType<typeof github.getOctokit>

/** Where in GitHub a call goes: a repository, and an issue or pull request of it. */
export interface CommentPlace {
  owner: string
  repo: string
  issueNumber: number
}

/**
 * A client for the API this run talks to. GITHUB_API_URL is read now, not when
 * @actions/github was loaded, so a GitHub Enterprise or test server is always used.
 * The client is loaded only here: a step that posts nothing never compiles it.
 */
export async function createOctokit(token: string): Promise<Octokit> {
  const github = await import('@actions/github')
  return github.getOctokit(token, {
    baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com'
  })
}

/** Waits between tries when the API answers 5xx. */
export const API_RETRY_DELAYS_MS = [1000, 3000]

export function statusOf(error: unknown): number | undefined {
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

/** An API failure in a sentence; a refusal names the permission the workflow needs. */
export function explain(error: unknown, permission: string): string {
  const status = statusOf(error)
  const message = (error as Error).message ?? String(error)
  if (status === 403 || status === 404) {
    return `the token may not do this (${status}: ${message}): the workflow needs \`permissions: { ${permission} }\`. Pull requests from forks get a read-only token: post from a workflow_run workflow with mode: comment (see docs/recipes.md, "Pull requests from forks").`
  }
  return status ? `the GitHub API answered ${status}: ${message}` : message
}
