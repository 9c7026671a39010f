import { describe, expect, it } from '@jest/globals'
import { ghaCacheService } from '../../../src/buildx/choose.js'

describe('ghaCacheService', () => {
  it.each([
    [
      {
        ACTIONS_RUNTIME_TOKEN: 't',
        ACTIONS_RESULTS_URL: 'http://r',
        ACTIONS_CACHE_SERVICE_V2: 'true'
      },
      'v2'
    ],
    [{ ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_CACHE_URL: 'http://c' }, 'v1'],
    [
      {
        ACTIONS_RUNTIME_TOKEN: 't',
        ACTIONS_CACHE_URL: 'http://c',
        ACTIONS_CACHE_SERVICE_V2: 'true'
      },
      undefined
    ],
    [{ ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'http://r' }, undefined],
    [{ ACTIONS_RESULTS_URL: 'http://r' }, undefined],
    [{}, undefined]
  ])('%j → %s', (env, service) => {
    expect(ghaCacheService(env)).toBe(service)
  })
})
