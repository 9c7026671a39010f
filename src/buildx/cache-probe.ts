import type { CacheService } from './choose.js'

/**
 * How long the cache service gets to answer one lookup before the build goes on
 * without it. BuildKit retries a failing cache request for minutes, and one that
 * stalls holds the build; a service that cannot answer this in time would do so.
 */
export const CACHE_PROBE_TIMEOUT_MS = 10_000

const PROBE_KEY = 'sizegate-cache-probe'
const PROBE_VERSION = '0'.repeat(64)

/** The lookup a cache client makes first, in the protocol the run's service speaks. */
function lookup(service: CacheService, env: NodeJS.ProcessEnv): { url: string; init: RequestInit } {
  const headers = { Authorization: `Bearer ${env.ACTIONS_RUNTIME_TOKEN ?? ''}` }
  if (service === 'v2') {
    const base = new URL(env.ACTIONS_RESULTS_URL ?? '')
    return {
      url: new URL(
        'twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL',
        base
      ).href,
      init: {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ key: PROBE_KEY, restore_keys: [], version: PROBE_VERSION })
      }
    }
  }
  const url = new URL('_apis/artifactcache/cache', env.ACTIONS_CACHE_URL ?? '')
  url.searchParams.set('keys', PROBE_KEY)
  url.searchParams.set('version', PROBE_VERSION)
  return {
    url: url.href,
    init: { headers: { ...headers, Accept: 'application/json;api-version=6.0-preview.1' } }
  }
}

/**
 * Asks the run's cache service for an entry that does not exist: a miss (or a hit)
 * means it works. Returns why it does not, or undefined when it answered well.
 */
export async function probeCacheService(
  service: CacheService,
  env: NodeJS.ProcessEnv,
  timeoutMs = CACHE_PROBE_TIMEOUT_MS
): Promise<string | undefined> {
  let request: { url: string; init: RequestInit }
  try {
    request = lookup(service, env)
  } catch {
    return `its URL is not valid`
  }
  try {
    const response = await fetch(request.url, {
      ...request.init,
      signal: AbortSignal.timeout(timeoutMs)
    })
    await response.arrayBuffer()
    return response.ok ? undefined : `it answered HTTP ${response.status}`
  } catch (error) {
    const { name, message } = error as Error
    if (name === 'TimeoutError') return `it did not answer within ${timeoutMs / 1000} s`
    const cause = (error as { cause?: Error }).cause?.message
    return `it could not be reached (${cause ?? message})`
  }
}
