import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals'
import { probeCacheService } from '../../../src/buildx/cache-probe.js'
import { CacheServer } from '../../helpers/cache-server.js'

// The lookup sizegate makes before it hands the cache to BuildKit, against the
// tests' cache service in both protocols, and failing in each way it can.

const cacheServer = new CacheServer()
beforeAll(() => cacheServer.start())
afterAll(() => cacheServer.stop())
beforeEach(() => {
  cacheServer.stall = false
  cacheServer.refuseWith = undefined
  cacheServer.requests.length = 0
})

it('finds a working service in either protocol, with one lookup of a key that misses', async () => {
  expect(await probeCacheService('v2', cacheServer.env())).toBeUndefined()
  expect(await probeCacheService('v1', cacheServer.envV1())).toBeUndefined()
  expect(cacheServer.requests).toEqual([
    'POST /twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL',
    expect.stringMatching(
      /^GET \/_apis\/artifactcache\/cache\?keys=sizegate-cache-probe&version=0{64}$/
    )
  ])
})

it('says what is wrong: a refusal, a stall past the bound, no service at all', async () => {
  cacheServer.refuseWith = 403
  expect(await probeCacheService('v2', cacheServer.env())).toBe('it answered HTTP 403')
  cacheServer.refuseWith = undefined
  cacheServer.stall = true
  expect(await probeCacheService('v2', cacheServer.env(), 300)).toBe(
    'it did not answer within 0.3 s'
  )
  const closed = { ...cacheServer.env(), ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/' }
  expect(await probeCacheService('v2', closed)).toMatch(/^it could not be reached \(.+\)$/)
  const token = cacheServer.env().ACTIONS_RUNTIME_TOKEN
  expect(await probeCacheService('v2', { ...closed, ACTIONS_RESULTS_URL: 'not a url' })).toBe(
    'its URL is not valid'
  )
  // The token is a secret: never part of what is said.
  expect(await probeCacheService('v2', closed)).not.toContain(token)
})
