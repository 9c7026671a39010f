import { describe, expect, it } from '@jest/globals'
import { type IdentityInput, imageIdentity } from '../../../src/report/identity.js'
import { cacheScopeFor } from '../../../src/buildx/plan.js'
import { type BuildConfig } from '../../../src/request.js'

describe('cacheScopeFor and image identity', () => {
  const config = { file: '/w/services/api/Dockerfile', targets: [] } as unknown as BuildConfig
  const identity = (overrides: Partial<IdentityInput> = {}) =>
    imageIdentity({
      dockerfile: 'services/api/Dockerfile',
      context: 'services/api',
      platform: 'linux/amd64',
      buildArgs: {},
      ...overrides
    })
  it('derives one scope per image: target, Dockerfile, context, platform and build args', () => {
    const scope = cacheScopeFor(config, 'production', identity())
    expect(scope).toBe(`sizegate-production-${identity().key}`)
    for (const other of [
      { target: 'builder' },
      { dockerfile: 'web/Dockerfile' },
      { context: 'services/web' },
      { platform: 'linux/arm64' },
      { buildArgs: { NODE_VERSION: '18' } }
    ])
      expect(cacheScopeFor(config, 'production', identity(other))).not.toBe(scope)
  })
  it('names the default target alike whatever the last stage is called', () => {
    expect(identity().key).toBe(identity({ target: undefined }).key)
    expect(identity({ target: 'production' }).key).not.toBe(identity().key)
  })
  it("takes the user's id in place of the derived identity", () => {
    const mine = identity({ id: 'api' })
    expect(mine.key).toBe(identity({ id: 'api', platform: 'linux/arm64' }).key)
    expect(mine.label).toBe('id api')
  })
  it('uses the given scope, per target when there are several', () => {
    expect(cacheScopeFor({ ...config, cacheScope: 'app' }, 'production', identity())).toBe('app')
    expect(
      cacheScopeFor({ ...config, cacheScope: 'app', targets: ['a', 'b'] }, 'b', identity())
    ).toBe('app-b')
  })
})
