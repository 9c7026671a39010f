import { log } from '../log.js'
import { createHash } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import type { ImageIdentity } from '../report/identity.js'
import { parseReport } from '../report/parse.js'
import type { ImageReport } from '../report/types.js'

/** The cache client, loaded only when a baseline is read or saved: it is most of the action's code. */
export const actionsCache = () => import('@actions/cache')

/**
 * The one relative path reports pass through: @actions/cache versions an entry by
 * its exact paths, so save and restore must name the same one.
 */
const BASELINE_PATH = '.sizegate-baseline/report.json'
const KEY_PREFIX = 'sizegate-report-v2'

/**
 * `sizegate-report-v2-<family>-<branch>-`: every report of one image family on one
 * branch. The branch is hashed: no branch name is the prefix of another's key, and
 * any character may stand in it.
 */
function branchPrefix(identity: ImageIdentity, branch: string): string {
  const branchHash = createHash('sha256').update(branch).digest('hex').slice(0, 12)
  return `${KEY_PREFIX}-${identity.family}-${branchHash}-`
}

/** The prefix that finds the newest report of this exact image on a branch. */
function identityPrefix(identity: ImageIdentity, branch: string): string {
  return `${branchPrefix(identity, branch)}${identity.key}-`
}

export function reportKey(identity: ImageIdentity, branch: string, sha: string): string {
  return `${identityPrefix(identity, branch)}${sha}`
}

export interface StoreLocation {
  /**
   * The workspace, which is also the current folder on a runner: @actions/cache finds
   * BASELINE_PATH from the current folder and tars and untars it in the workspace.
   */
  workspace: string
}

async function withBaselineFile<T>(
  location: StoreLocation,
  use: (file: string) => Promise<T>
): Promise<T> {
  const file = path.join(location.workspace, BASELINE_PATH)
  await mkdir(path.dirname(file), { recursive: true })
  try {
    return await use(file)
  } finally {
    await rm(path.dirname(file), { recursive: true, force: true })
  }
}

/**
 * How long one cache call may take. @actions/cache retries a service that does not
 * answer for many minutes; a report is a few kilobytes, so a service that cannot
 * take or give one in this time is down, and the step goes on without it.
 */
const CACHE_CALL_TIMEOUT_MS = 30_000

/** The call's result, or an error once it has taken longer than CACHE_CALL_TIMEOUT_MS. */
async function bounded<T>(call: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`the cache service did not answer within ${CACHE_CALL_TIMEOUT_MS / 1000} s`)
        ),
      CACHE_CALL_TIMEOUT_MS
    )
  })
  try {
    return await Promise.race([call, late])
  } finally {
    clearTimeout(timer)
  }
}

/** Saves a branch's report; a cache that refuses is a warning, never a failure. */
export async function saveBaseline(
  location: StoreLocation,
  report: ImageReport,
  branch: string,
  sha: string
): Promise<boolean> {
  if (!report.identity) return false
  const key = reportKey(report.identity, branch, sha)
  return withBaselineFile(location, async file => {
    await writeFile(file, JSON.stringify(report))
    try {
      const cache = await actionsCache()
      const id = await bounded(cache.saveCache([BASELINE_PATH], key))
      if (id === -1)
        log.warning(`The report of ${report.target} could not be saved to the cache (key ${key}).`)
      else
        log.info(`Saved the report of ${report.target} as the baseline of ${branch} (key ${key}).`)
      return id !== -1
    } catch (error) {
      log.warning(
        `The report of ${report.target} could not be saved to the cache: ${(error as Error).message}`
      )
      return false
    }
  })
}

/** How a found report relates to the one asked for. */
export type BaselineMatch = 'exact' | 'other-commit' | 'other-build-args'

export interface FoundBaseline {
  report: ImageReport
  key: string
  match: BaselineMatch
}

function matchOf(
  key: string,
  identity: ImageIdentity,
  branch: string,
  sha: string | null
): BaselineMatch {
  if (sha && key === reportKey(identity, branch, sha)) return 'exact'
  return key.startsWith(identityPrefix(identity, branch)) ? 'other-commit' : 'other-build-args'
}

/**
 * The base branch's report of this image: of `sha` when there is one, else the
 * branch's newest of the same image, else the newest of the same image built with
 * other build args.
 */
export async function restoreBaseline(
  location: StoreLocation,
  identity: ImageIdentity,
  branch: string,
  sha: string | null,
  target: string
): Promise<FoundBaseline | undefined> {
  const exact = identityPrefix(identity, branch)
  const fallbacks = [exact, branchPrefix(identity, branch)]
  return withBaselineFile(location, async file => {
    let key: string | undefined
    try {
      const cache = await actionsCache()
      key = await bounded(
        cache.restoreCache(
          [BASELINE_PATH],
          sha ? `${exact}${sha}` : fallbacks[0],
          sha ? fallbacks : fallbacks.slice(1)
        )
      )
    } catch (error) {
      log.warning(
        `The cache could not be read for the baseline of ${target}: ${(error as Error).message}`
      )
      return undefined
    }
    if (!key) return undefined
    const parsed = parseReport(await readFile(file, 'utf8'))
    if (parsed.ok) return { report: parsed.value, key, match: matchOf(key, identity, branch, sha) }
    log.warning(`The cached report ${key} ${parsed.problem}; it is treated as missing.`)
    return undefined
  })
}
