import { readdir, readFile, stat } from 'node:fs/promises'
import * as path from 'node:path'
import { cachedBaselines } from '../baseline/index.js'
import { UserError } from '../errors.js'
import { API_RETRY_DELAYS_MS, createOctokit } from '../github/api.js'
import type { PullRequestInfo, RunContext } from '../github/context.js'
import { verifyPullRequest } from '../github/trust.js'
import { log } from '../log.js'
import { identityKey } from '../report/identity.js'
import { claimsSizegate, parseReportFile } from '../report/parse.js'
import type { ReportFile } from '../report/types.js'
import type { BaselineMode } from '../request.js'

/** Reports another workflow made, and the pull request they may be posted on. */
export interface PostedReports {
  files: ReportFile[]
  /** Checked through the API; null when they name none, there is no token, or the check fails. */
  pullRequest: PullRequestInfo | null
}

/** A report file to read: named as given (a report it must be), or found in a folder named. */
interface ReportPath {
  file: string
  found: boolean
}

/** The report files named by `report`: files as given, folders for their *.json. */
async function reportPaths(paths: string[]): Promise<ReportPath[]> {
  const files: ReportPath[] = []
  for (const entry of paths) {
    if ((await stat(entry)).isDirectory()) {
      const names = (await readdir(entry)).filter(name => name.endsWith('.json')).sort()
      files.push(...names.map(name => ({ file: path.join(entry, name), found: true })))
    } else files.push({ file: entry, found: false })
  }
  return files
}

async function readReports(paths: string[]): Promise<ReportFile[]> {
  const files: ReportFile[] = []
  let others = 0
  for (const { file, found } of await reportPaths(paths)) {
    const text = await readFile(file, 'utf8')
    const parsed = parseReportFile(text)
    if (parsed.ok) files.push(parsed.value)
    else if (found && !claimsSizegate(text)) others++
    else log.warning(`${file} ${parsed.problem}; it is treated as missing.`)
  }
  if (others > 0) log.info(`Skipped ${others} JSON file(s) of other tools beside the reports.`)
  if (files.length === 0)
    throw new UserError(`report: no valid sizegate report in ${paths.join(', ')}`)
  return files
}

/** The pull request the reports claim, if the API confirms that this run may post on it. */
async function trustedPullRequest(
  files: ReportFile[],
  token: string,
  context: RunContext
): Promise<PullRequestInfo | null> {
  const claimed = files[0].pullRequest
  if (!claimed || !token) return null
  const verification = await verifyPullRequest(
    await createOctokit(token),
    context,
    claimed,
    API_RETRY_DELAYS_MS
  ).catch(error => ({
    refused: `Could not look up pull request #${claimed.number}: ${(error as Error).message}`
  }))
  if ('refused' in verification) {
    log.warning(verification.refused)
    return null
  }
  return verification.pullRequest
}

/**
 * The base numbers from the trusted side: the base branch's reports in the cache.
 * A report's own baseline stays only where the cache has none, marked as unchecked.
 */
async function withTrustedBaselines(
  files: ReportFile[],
  pullRequest: PullRequestInfo,
  workspace: string
): Promise<ReportFile[]> {
  const cached = await cachedBaselines(files, pullRequest, workspace)
  const fromCache = cached.byIdentity.size > 0
  return files.map((file, index) => {
    const trusted = cached.byIdentity.get(identityKey(file))
    const unchecked = file.baseline && { ...file.baseline, source: 'artifact' as const }
    const removed = fromCache ? (index === 0 ? cached.removed : []) : file.removed
    return { ...file, baseline: trusted ?? unchecked ?? null, removed }
  })
}

/** Reports from another workflow (a fork's PR): read, their pull request and baselines checked. */
export async function postedReports(
  request: { reports: string[]; baseline: BaselineMode; token: string },
  context: RunContext,
  workspace: string
): Promise<PostedReports> {
  const files = await readReports(request.reports)
  const pullRequest = await trustedPullRequest(files, request.token, context)
  if (!pullRequest || request.baseline === 'none') return { files, pullRequest }
  return { files: await withTrustedBaselines(files, pullRequest, workspace), pullRequest }
}
