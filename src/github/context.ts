import { readFileSync } from 'node:fs'

/** The pull request a run is about. */
export interface PullRequestInfo {
  number: number
  baseRef: string
  baseSha: string
  headSha: string
}

/** The run a `workflow_run` event is about: what GitHub, not the run's artifacts, says it built. */
export interface WorkflowRunInfo {
  /** The commit the triggering run built: a pull request's head. */
  headSha: string
  headBranch: string
  /** `owner/name` of the repository the head is in: a fork's, for a fork's PR. */
  headRepository: string
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
  /** Set on `workflow_run` events. */
  workflowRun: WorkflowRunInfo | null
  /** This run's page, for a commit status to link to. */
  runUrl: string | null
  /** https://github.com, or the GitHub Enterprise server. */
  serverUrl: string
  /** This attempt of the run, as build-push-action names the builder of an image's provenance. */
  attemptUrl: string | null
  /** The repository is private (its provenance records less, as buildx's default does). */
  privateRepository: boolean
}

interface EventPayload {
  repository?: { private?: boolean }
  pull_request?: { number: number; base: { ref: string; sha: string }; head: { sha: string } }
  workflow_run?: {
    head_sha: string
    head_branch: string | null
    head_repository?: { full_name: string } | null
  }
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
  const run = event.workflow_run
  const server = env.GITHUB_SERVER_URL || 'https://github.com'
  const runUrl =
    env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : null
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
      : null,
    workflowRun: run
      ? {
          headSha: run.head_sha,
          headBranch: run.head_branch ?? '',
          headRepository: run.head_repository?.full_name ?? ''
        }
      : null,
    runUrl,
    serverUrl: server,
    attemptUrl: runUrl && `${runUrl}/attempts/${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
    privateRepository: event.repository?.private === true
  }
}
