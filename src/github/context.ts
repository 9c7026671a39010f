import { readFileSync } from 'node:fs'

/** The pull request a run is about. */
export interface PullRequestInfo {
  number: number
  baseRef: string
  baseSha: string
  headSha: string
}

/** What the runner says about this run; read from its environment and event file. */
export interface RunContext {
  eventName: string
  owner: string
  repo: string
  sha: string
  ref: string
  /** `workflow/job` of this run. */
  job: string
  /** The branch a push went to; null for other events. */
  branch: string | null
  pullRequest: PullRequestInfo | null
}

interface EventPayload {
  pull_request?: { number: number; base: { ref: string; sha: string }; head: { sha: string } }
}

function readEvent(file: string | undefined): EventPayload {
  if (!file) return {}
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as EventPayload
  } catch {
    return {}
  }
}

export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/')
  const ref = env.GITHUB_REF ?? ''
  const event = readEvent(env.GITHUB_EVENT_PATH)
  const pr = event.pull_request
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    owner,
    repo,
    sha: env.GITHUB_SHA ?? '',
    ref,
    job: `${env.GITHUB_WORKFLOW ?? ''}/${env.GITHUB_JOB ?? ''}`,
    branch: ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null,
    pullRequest: pr
      ? { number: pr.number, baseRef: pr.base.ref, baseSha: pr.base.sha, headSha: pr.head.sha }
      : null
  }
}
