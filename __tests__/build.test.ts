import { describe, expect, it } from '@jest/globals'
import { buildxArgv, dockerBuildArgv, type Builder } from '../src/build/argv.js'
import { chooseBuilder, ghaCacheAvailable, OWN_BUILDER, parseDriver } from '../src/build/detect.js'
import { cacheScopeFor, type BuildPlan } from '../src/build/plan.js'
import { countSteps, failureLines } from '../src/build/progress.js'
import type { BuildConfig } from '../src/config.js'

const plan: BuildPlan = {
  target: 'production',
  buildTarget: 'production',
  file: '/w/Dockerfile',
  context: '/w',
  buildArgs: [
    { name: 'NODE_VERSION', value: '20' },
    { name: 'FLAGS', value: 'a=b, "c d"' }
  ],
  tags: ['ghcr.io/org/app:1'],
  network: 'none',
  platform: 'linux/arm64',
  noCache: false,
  push: false,
  cacheScope: 'sizegate-dockerfile-production',
  iidFile: '/t/production.iid',
  metadataFile: '/t/production.metadata.json'
}

const common = [
  '--file',
  '/w/Dockerfile',
  '--target',
  'production',
  '--build-arg',
  'NODE_VERSION=20',
  '--build-arg',
  'FLAGS=a=b, "c d"',
  '--tag',
  'ghcr.io/org/app:1',
  '--network',
  'none',
  '--platform',
  'linux/arm64',
  '--iidfile',
  '/t/production.iid',
  '--progress=plain'
]
const gha = [
  '--cache-from',
  'type=gha,scope=sizegate-dockerfile-production',
  '--cache-to',
  'type=gha,mode=max,scope=sizegate-dockerfile-production,ignore-error=true'
]

describe('chooseBuilder and buildx argv', () => {
  it.each([
    {
      name: 'docker-container driver, cache available',
      facts: {
        buildxVersion: 'v0.21',
        driver: 'docker-container',
        cacheWanted: true,
        cacheAvailable: true
      },
      builder: undefined,
      flags: gha,
      notices: 0
    },
    {
      name: 'docker driver, cache available: own docker-container builder',
      facts: { buildxVersion: 'v0.21', driver: 'docker', cacheWanted: true, cacheAvailable: true },
      builder: OWN_BUILDER,
      flags: gha,
      notices: 1
    },
    {
      name: 'docker driver, user-named builder: no cache export, no own builder',
      facts: {
        buildxVersion: 'v0.21',
        driver: 'docker',
        userBuilder: 'mine',
        cacheWanted: true,
        cacheAvailable: true
      },
      builder: 'mine',
      flags: [],
      notices: 1
    },
    {
      name: 'docker-container driver, user-named builder',
      facts: {
        buildxVersion: 'v0.21',
        driver: 'docker-container',
        userBuilder: 'ci',
        cacheWanted: true,
        cacheAvailable: true
      },
      builder: 'ci',
      flags: gha,
      notices: 0
    },
    {
      name: 'cache unavailable (no token): no gha flags, said once',
      facts: { buildxVersion: 'v0.21', driver: 'docker', cacheWanted: true, cacheAvailable: false },
      builder: undefined,
      flags: [],
      notices: 1
    },
    {
      name: 'cache: none',
      facts: { buildxVersion: 'v0.21', driver: 'docker', cacheWanted: false, cacheAvailable: true },
      builder: undefined,
      flags: [],
      notices: 0
    }
  ])('$name', ({ facts, builder, flags, notices }) => {
    const choice = chooseBuilder(facts)
    expect(choice.builder.kind).toBe('buildx')
    expect(choice.builder.name).toBe(builder)
    expect(choice.notices).toHaveLength(notices)
    const expected = ['buildx', 'build', ...(builder ? ['--builder', builder] : []), ...common]
    expected.push('--metadata-file', '/t/production.metadata.json', ...flags, '--load', '/w')
    expect(buildxArgv(plan, choice.builder)).toEqual(expected)
  })

  it('pushes and loads when asked to push, and passes --no-cache', () => {
    const builder: Builder = { kind: 'buildx', ghaCache: false }
    const argv = buildxArgv({ ...plan, push: true, noCache: true, buildTarget: undefined }, builder)
    expect(argv).toContain('--no-cache')
    expect(argv).not.toContain('--target')
    expect(argv.slice(-3)).toEqual(['--load', '--push', '/w'])
  })

  it('falls back to docker build without buildx, with a notice when the cache was wanted', () => {
    const choice = chooseBuilder({ cacheWanted: true, cacheAvailable: true })
    expect(choice.builder).toEqual({ kind: 'docker', ghaCache: false })
    expect(choice.notices[0]).toContain('the GitHub Actions cache needs buildx')
    expect(chooseBuilder({ cacheWanted: false, cacheAvailable: false }).notices).toEqual([])
    expect(dockerBuildArgv(plan)).toEqual(['build', ...common, '/w'])
  })
})

describe('ghaCacheAvailable', () => {
  it.each([
    [
      {
        ACTIONS_RUNTIME_TOKEN: 't',
        ACTIONS_RESULTS_URL: 'http://r',
        ACTIONS_CACHE_SERVICE_V2: 'true'
      },
      true
    ],
    [{ ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_CACHE_URL: 'http://c' }, true],
    [
      {
        ACTIONS_RUNTIME_TOKEN: 't',
        ACTIONS_CACHE_URL: 'http://c',
        ACTIONS_CACHE_SERVICE_V2: 'true'
      },
      false
    ],
    [{ ACTIONS_RESULTS_URL: 'http://r' }, false],
    [{}, false]
  ])('%j → %s', (env, available) => {
    expect(ghaCacheAvailable(env)).toBe(available)
  })
})

describe('parseDriver', () => {
  it('reads the driver of buildx inspect', () => {
    const output =
      'Name:          default\nDriver:        docker\nLast Activity: 2026-11-28\n\nNodes:\nName:      default\n'
    expect(parseDriver(output)).toBe('docker')
    expect(parseDriver('Name: x\nDriver: docker-container\n')).toBe('docker-container')
    expect(parseDriver('')).toBeUndefined()
  })
})

describe('cacheScopeFor', () => {
  const config = { file: '/w/services/api/Dockerfile', targets: [] } as unknown as BuildConfig
  it('derives a stable scope per Dockerfile and target', () => {
    expect(cacheScopeFor(config, 'production', '/w')).toBe(
      'sizegate-services-api-dockerfile-production'
    )
    expect(cacheScopeFor(config, 'builder', '/w')).not.toBe(
      cacheScopeFor(config, 'production', '/w')
    )
    expect(cacheScopeFor({ ...config, file: '/w/web/Dockerfile' }, 'production', '/w')).not.toBe(
      cacheScopeFor(config, 'production', '/w')
    )
  })
  it('uses the given scope, per target when there are several', () => {
    expect(cacheScopeFor({ ...config, cacheScope: 'app' }, 'production', '/w')).toBe('app')
    expect(cacheScopeFor({ ...config, cacheScope: 'app', targets: ['a', 'b'] }, 'b', '/w')).toBe(
      'app-b'
    )
  })
})

describe('progress', () => {
  const log = [
    '#1 [internal] load build definition from Dockerfile',
    '#1 DONE 0.0s',
    '#4 [builder 1/3] FROM docker.io/library/node:20',
    '#5 [builder 2/3] RUN npm ci',
    '#5 CACHED',
    '#6 [2/2] COPY --from=builder /app /app',
    '#6 DONE 0.1s',
    '#7 exporting to image'
  ]
  it('counts Dockerfile steps but FROM, and cached ones', () => {
    expect(countSteps(log)).toEqual({ totalSteps: 2, cachedSteps: 1 })
  })
  it('keeps the error lines of a failed build', () => {
    const failed = [
      ...log,
      '#8 ERROR: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3',
      '------',
      'error: failed to solve: exit code: 3'
    ]
    expect(failureLines(failed)[0]).toBe(
      '#8 ERROR: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3'
    )
    expect(failureLines(failed)).toContain('error: failed to solve: exit code: 3')
    expect(failureLines(['a', '', 'b'])).toEqual(['a', 'b'])
  })
})

describe('registry manifests', () => {
  it('pins a tag to a digest, ports included', async () => {
    const { pinnedReference } = await import('../src/image/registry.js')
    expect(pinnedReference('127.0.0.1:5000/app:1', 'sha256:ab')).toBe(
      '127.0.0.1:5000/app@sha256:ab'
    )
    expect(pinnedReference('127.0.0.1:5000/app', 'sha256:ab')).toBe('127.0.0.1:5000/app@sha256:ab')
    expect(pinnedReference('ghcr.io/org/app:v1.2', 'sha256:ab')).toBe('ghcr.io/org/app@sha256:ab')
  })

  it("picks the platform of an index, and reads a manifest's blob sizes", async () => {
    const { platformManifest, sizesOf } = await import('../src/image/registry.js')
    const index = {
      manifests: [
        {
          digest: 'sha256:arm',
          size: 1,
          platform: { os: 'linux', architecture: 'arm64', variant: 'v8' }
        },
        { digest: 'sha256:amd', size: 1, platform: { os: 'linux', architecture: 'amd64' } },
        { digest: 'sha256:att', size: 1, platform: { os: 'unknown', architecture: 'unknown' } }
      ]
    }
    expect(platformManifest(index, 'linux/amd64')?.digest).toBe('sha256:amd')
    expect(platformManifest(index, 'linux/arm64/v8')?.digest).toBe('sha256:arm')
    expect(() => platformManifest(index, 'linux/s390x')).toThrow('no manifest for linux/s390x')
    expect(platformManifest({ layers: [] }, 'linux/amd64')).toBeUndefined()
    expect(
      sizesOf({
        config: { digest: 'c', size: 7 },
        layers: [
          { digest: 'a', size: 10 },
          { digest: 'b', size: 20 }
        ]
      })
    ).toEqual({
      configBytes: 7,
      layerBytes: [10, 20]
    })
  })
})
