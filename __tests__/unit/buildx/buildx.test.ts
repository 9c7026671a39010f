import { describe, expect, it } from '@jest/globals'
import {
  buildxArgv,
  buildxOutputs,
  dockerBuildArgv,
  unsupportedPlatforms
} from '../../../src/buildx/argv.js'
import {
  type Builder,
  chooseBuilder,
  ghaCacheService,
  OWN_BUILDER
} from '../../../src/buildx/choose.js'
import { atLeast, parseInspect, parseVersion, type Version } from '../../../src/buildx/versions.js'
import { buildKitFeature } from '../../../src/dockerfile/buildkit-features.js'
import { parseDockerfile } from '../../../src/dockerfile/model.js'
import { type IdentityInput, imageIdentity } from '../../../src/report/identity.js'
import { registryRepository, storeOf } from '../../../src/image/engine.js'
import { cacheScopeFor, type BuildPlan } from '../../../src/buildx/plan.js'
import { countSteps, failureLines } from '../../../src/buildx/progress.js'
import { type BuildConfig, noBuildOptions } from '../../../src/request.js'

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
  platforms: ['linux/arm64'],
  noCache: false,
  push: false,
  load: false,
  cacheScope: 'sizegate-dockerfile-production',
  cacheMode: 'max',
  exportCache: true,
  iidFile: '/t/production.iid',
  metadataFile: '/t/production.metadata.json',
  exportFile: '/t/production.oci',
  options: noBuildOptions(),
  secrets: []
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
  '/t/production.iid'
]
const gha = [
  '--cache-from',
  'type=gha,scope=sizegate-dockerfile-production',
  '--cache-to',
  'type=gha,mode=max,scope=sizegate-dockerfile-production,ignore-error=true'
]

describe('chooseBuilder and buildx argv', () => {
  const v1 = 'v1' as const
  const v2 = 'v2' as const
  it.each([
    {
      name: 'docker-container driver, cache available',
      facts: { buildxVersion: 'v0.21.1', driver: 'docker-container', buildkitVersion: 'v0.20.2' },
      builder: undefined,
      flags: gha,
      notices: 0
    },
    {
      name: 'docker driver, cache available: own docker-container builder',
      facts: { buildxVersion: 'v0.21.1', driver: 'docker' },
      builder: OWN_BUILDER,
      flags: gha,
      notices: 1
    },
    {
      name: 'docker driver, user-named builder: no cache export, no own builder',
      facts: { buildxVersion: 'v0.21.1', driver: 'docker', userBuilder: 'mine' },
      builder: 'mine',
      flags: [],
      notices: 1
    },
    {
      name: 'docker-container driver, user-named builder',
      facts: {
        buildxVersion: 'v0.21.1',
        driver: 'docker-container',
        buildkitVersion: 'v0.21.0',
        userBuilder: 'ci'
      },
      builder: 'ci',
      flags: gha,
      notices: 0
    },
    {
      name: 'cache unavailable (no token): no gha flags, said once',
      facts: { buildxVersion: 'v0.21.1', driver: 'docker', cacheService: undefined },
      builder: undefined,
      flags: [],
      notices: 1
    },
    {
      name: 'cache: none',
      facts: { buildxVersion: 'v0.21.1', driver: 'docker', cacheWanted: false },
      builder: undefined,
      flags: [],
      notices: 0
    },
    {
      name: 'docker driver on the containerd image store: it exports the cache itself',
      facts: {
        buildxVersion: 'v0.29.1',
        driver: 'docker',
        engineVersion: '28.5.2+dfsg4',
        imageStore: 'containerd' as const
      },
      builder: undefined,
      flags: gha,
      notices: 1
    },
    {
      name: 'an old buildx with the v1 service (GHES): the cache works',
      facts: {
        buildxVersion: 'github.com/docker/buildx v0.10.5 86bdced',
        driver: 'remote',
        buildkitVersion: 'v0.11.6',
        userBuilder: 'ci',
        cacheService: v1
      },
      builder: 'ci',
      flags: gha,
      notices: 0
    }
  ])('$name', ({ facts, builder, flags, notices }) => {
    const choice = chooseBuilder({ cacheWanted: true, cacheService: v2, ...facts })
    expect(choice.builder.kind).toBe('buildx')
    expect(choice.builder.name).toBe(builder)
    expect(choice.notices).toHaveLength(notices)
    expect(choice.warnings).toEqual([])
    const expected = ['buildx', 'build', ...(builder ? ['--builder', builder] : []), ...common]
    expected.push('--progress=plain', '--metadata-file', '/t/production.metadata.json')
    expected.push(...flags, '--load', '/w')
    expect(buildxArgv(plan, choice.builder)).toEqual(expected)
  })

  it.each([
    [
      'github.com/docker/buildx v0.10.5 86bdced',
      'v0.20.0',
      'buildx 0.10.5 speaks only the retired'
    ],
    ['github.com/docker/buildx 0.21.0+ds1', 'v0.11.6', 'BuildKit 0.11.6 speaks only the retired']
  ])(
    'with cache service v2, buildx %s and BuildKit %s lose the cache, with a warning',
    (buildx, buildkit, said) => {
      const choice = chooseBuilder({
        buildxVersion: buildx,
        driver: 'remote',
        buildkitVersion: buildkit,
        cacheWanted: true,
        cacheService: 'v2'
      })
      expect(choice.builder.ghaCache).toBe(false)
      expect(choice.createOwnBuilder).toBe(false)
      expect(choice.warnings).toEqual([expect.stringContaining(said)])
    }
  )

  it('the docker driver on the containerd store of an engine before 28 loses cache service v2', () => {
    const choice = chooseBuilder({
      buildxVersion: 'v0.21.1',
      driver: 'docker',
      engineVersion: '27.5.1',
      imageStore: 'containerd',
      cacheWanted: true,
      cacheService: 'v2'
    })
    expect(choice).toMatchObject({ createOwnBuilder: false, builder: { ghaCache: false } })
    expect(choice.warnings).toEqual([
      expect.stringContaining(
        'the BuildKit of Docker Engine 27.5.1 speaks only the retired cache service (v1); cache service v2 with the docker driver needs Docker Engine 28.0.0 or later'
      )
    ])
  })

  it('the docker driver exports cache (cache-to) on the containerd store only', () => {
    const on = (imageStore: 'classic' | 'containerd') =>
      chooseBuilder({ buildxVersion: 'v0.29.1', driver: 'docker', imageStore, cacheWanted: false })
        .builder.cacheExport
    expect(on('containerd')).toBe(true)
    expect(on('classic')).toBe(false)
  })

  it('writes a docker archive from a remote builder from buildx 0.11, from others always', () => {
    const writes = (buildxVersion: string, driver: string) =>
      chooseBuilder({ buildxVersion, driver, cacheWanted: false }).builder.dockerExport
    expect(writes('v0.10.5', 'remote')).toBe(false)
    expect(writes('v0.11.0', 'remote')).toBe(true)
    expect(writes('v0.10.5', 'docker-container')).toBe(true)
  })

  it('an old buildx with the docker driver and cache service v2: no own builder either', () => {
    const choice = chooseBuilder({
      buildxVersion: 'v0.10.5',
      driver: 'docker',
      cacheWanted: true,
      cacheService: 'v2'
    })
    expect(choice).toMatchObject({ createOwnBuilder: false, builder: { ghaCache: false } })
    expect(choice.warnings[0]).toContain('cache service v2 needs buildx 0.21.0 or later')
  })

  it('exports to be measured, then loads or pushes from the cache only what is asked', () => {
    const pushPlan = { ...plan, push: true, noCache: true, buildTarget: undefined }
    const builder = (facts: Partial<Builder>): Builder => ({
      kind: 'buildx',
      ghaCache: false,
      cacheExport: true,
      pushWithLoad: true,
      ...facts
    })
    const argv = buildxArgv(pushPlan, builder({ driver: 'remote' }), 'export')
    expect(argv).toContain('--no-cache')
    expect(argv).not.toContain('--target')
    expect(argv.slice(-3)).toEqual(['--output', 'type=oci,dest=/t/production.oci', '/w'])
    expect(argv).not.toContain('--load')
    // Nothing wanted in the engine or the registry: the export is all.
    expect(buildxOutputs(plan, builder({ driver: 'remote' }))).toEqual(['export'])
    expect(buildxOutputs(pushPlan, builder({ driver: 'remote' }))).toEqual(['export', 'push'])
    // Wanted in the engine: one export feeds the measurement and `docker load`.
    const loadAndPush = { ...pushPlan, load: true }
    const writesDocker = { driver: 'remote', dockerExport: true }
    expect(buildxOutputs(loadAndPush, builder(writesDocker))).toEqual(['export+load', 'push'])
    expect(
      buildxOutputs({ ...plan, load: true }, builder({ ...writesDocker, driver: 'kubernetes' }))
    ).toEqual(['export+load'])
    // buildx before 0.11 writes no docker archive from a remote builder: a second build loads.
    expect(buildxOutputs(loadAndPush, builder({ driver: 'remote' }))).toEqual([
      'export',
      'load+push'
    ])
    expect(buildxOutputs(loadAndPush, builder({ driver: 'remote', pushWithLoad: false }))).toEqual([
      'export',
      'load',
      'push'
    ])
    const loaded = buildxArgv({ ...plan, load: true }, builder(writesDocker), 'export+load')
    expect(loaded.slice(-3)).toEqual(['--output', 'type=docker,dest=/t/production.oci', '/w'])
    expect(loaded).not.toContain('--load')
    // The docker driver builds into the engine, where the image is measured: pushing is enough.
    expect(buildxOutputs(pushPlan, builder({ driver: 'docker' }))).toEqual(['push'])
    expect(buildxOutputs(plan, builder({ driver: 'docker' }))).toEqual(['load'])
    const later = buildxArgv(pushPlan, builder({ driver: 'remote', ghaCache: true }), 'push', false)
    expect(later.slice(-2)).toEqual(['--push', '/w'])
    expect(later.join(' ')).not.toContain('type=gha')
    // A base build reads the head's cache and leaves its index alone.
    const readOnly = buildxArgv({ ...plan, exportCache: false }, builder({ ghaCache: true }))
    expect(readOnly).toContain(gha[1])
    expect(readOnly).not.toContain('--cache-to')
    for (const [buildx, buildkit, driver, both] of [
      ['v0.13.0', 'v0.13.1', 'remote', true],
      ['v0.12.1', 'v0.13.1', 'remote', false],
      ['v0.13.0', 'v0.12.5', 'docker-container', false],
      ['v0.10.5', undefined, 'docker', true]
    ] as const) {
      const choice = chooseBuilder({
        buildxVersion: buildx,
        buildkitVersion: buildkit,
        driver,
        cacheWanted: false
      })
      expect([buildx, buildkit, choice.builder.pushWithLoad]).toEqual([buildx, buildkit, both])
    }
  })

  it('exports cache with mode min when asked', () => {
    const argv = buildxArgv(
      { ...plan, cacheMode: 'min' },
      { kind: 'buildx', ghaCache: true, cacheExport: true, pushWithLoad: true }
    )
    expect(argv).toContain(
      'type=gha,mode=min,scope=sizegate-dockerfile-production,ignore-error=true'
    )
  })

  it('falls back to docker build without buildx, with a notice when the cache was wanted', () => {
    const choice = chooseBuilder({
      cacheWanted: true,
      cacheService: 'v2',
      clientVersion: '20.10.24+dfsg1'
    })
    expect(choice.builder).toEqual({
      kind: 'docker',
      ghaCache: false,
      cacheExport: false,
      pushWithLoad: true
    })
    expect(choice.notices[0]).toContain('the GitHub Actions cache needs buildx')
    expect(chooseBuilder({ cacheWanted: false }).notices).toEqual([])
    expect(dockerBuildArgv(plan, choice.builder)).toEqual([
      'build',
      ...common,
      '--progress=plain',
      '/w'
    ])
  })

  it('uses the legacy builder where the CLI refuses BuildKit without buildx', () => {
    const choice = chooseBuilder({ cacheWanted: true, clientVersion: '28.2.2' })
    expect(choice.builder.kind).toBe('legacy')
    expect(choice.error).toBeUndefined()
    expect(choice.notices[0]).toContain(
      'Docker CLI 28.2.2 runs BuildKit only through it: building with the legacy builder'
    )
    expect(dockerBuildArgv(plan, choice.builder)).toEqual(['build', ...common, '/w'])
  })

  it('fails with what to install when such a CLI meets a Dockerfile that needs BuildKit', () => {
    const choice = chooseBuilder({
      cacheWanted: true,
      clientVersion: '28.2.2',
      needsBuildKit: 'RUN --mount on line 4'
    })
    expect(choice.error).toMatch(
      /needs BuildKit \(RUN --mount on line 4\): install the buildx plugin .*docker\/setup-buildx-action/
    )
  })
})

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

describe('buildx inspect and versions', () => {
  it('reads driver, status and BuildKit of old and new buildx', () => {
    const old =
      'Name:   local\nDriver: remote\n\nNodes:\nName:      local0\nEndpoint:  unix:///run/b.sock\nStatus:    running\nBuildkit:  v0.11.6\nPlatforms: linux/amd64\n'
    expect(parseInspect(old)).toMatchObject({
      name: 'local',
      driver: 'remote',
      status: 'running',
      buildkit: 'v0.11.6'
    })
    const recent =
      'Name:          builder\nDriver:        docker-container\nNodes:\nStatus:        running\nBuildKit version: v0.20.1\n'
    expect(parseInspect(recent)).toMatchObject({ driver: 'docker-container', buildkit: 'v0.20.1' })
    const failed =
      'Name: sizegate\nDriver: docker-container\n#1 [internal] booting buildkit\n#1 ERROR: Error response from daemon: pull access denied\nStatus: inactive\n'
    expect(parseInspect(failed)).toMatchObject({
      status: 'inactive',
      error: 'Error response from daemon: pull access denied'
    })
  })

  it('compares the versions tools print', () => {
    expect(parseVersion('github.com/docker/buildx v0.10.5 86bdced')).toEqual({
      major: 0,
      minor: 10,
      patch: 5
    })
    expect(parseVersion('20.10.24+dfsg1')).toEqual({ major: 20, minor: 10, patch: 24 })
    expect(parseVersion('nothing')).toBeUndefined()
    const at = (text: string, min: string) => atLeast(parseVersion(text) as Version, min)
    expect([
      at('v0.21.0', '0.21.0'),
      at('v0.20.9', '0.21.0'),
      at('v1.0', '0.21.0'),
      at('0.9.30', '0.13.0')
    ]).toEqual([true, false, true, false])
  })
})

describe('Dockerfile features the legacy builder lacks', () => {
  const feature = (content: string) =>
    buildKitFeature(
      parseDockerfile(content, { buildArgs: new Map(), predefined: new Map() }).stages
    )
  it.each([
    ['FROM a\nRUN --mount=type=cache,target=/root/.npm npm ci\n', 'RUN --mount on line 2'],
    ['FROM a AS b\nRUN x\nFROM c\nCOPY --link --from=b /x /x\n', 'COPY --link on line 4'],
    ['FROM a\nCOPY --chmod=755 run.sh /\n', 'COPY --chmod on line 2'],
    ['FROM a\nRUN <<EOF\necho hi\nEOF\n', 'a heredoc on line 2'],
    ['FROM a AS b\nRUN x\nFROM c\nCOPY --from=b /x /x\nRUN echo "a << b"\n', undefined]
  ])('%j → %s', (content, found) => {
    expect(feature(content)).toBe(found)
  })
})

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
  it("counts the legacy builder's steps and its cache hits", () => {
    const legacy = [
      'Step 1/4 : FROM debian:12-slim',
      ' ---> 4704b02d5ae1',
      'Step 2/4 : WORKDIR /app',
      ' ---> Using cache',
      ' ---> e5158da6b4ad',
      'Step 3/4 : COPY Dockerfile ./',
      ' ---> d2166f16b18b',
      'Step 4/4 : RUN echo hi > /x',
      ' ---> Using cache',
      'Successfully built dc0be07270da'
    ]
    expect(countSteps(legacy)).toEqual({ totalSteps: 3, cachedSteps: 2 })
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
    const { pinnedReference } = await import('../../../src/image/registry.js')
    expect(pinnedReference('127.0.0.1:5000/app:1', 'sha256:ab')).toBe(
      '127.0.0.1:5000/app@sha256:ab'
    )
    expect(pinnedReference('127.0.0.1:5000/app', 'sha256:ab')).toBe('127.0.0.1:5000/app@sha256:ab')
    expect(pinnedReference('ghcr.io/org/app:v1.2', 'sha256:ab')).toBe('ghcr.io/org/app@sha256:ab')
  })

  it("picks the platform of an index, and reads a manifest's blob sizes", async () => {
    const { platformManifest, sizesOf } = await import('../../../src/image/registry.js')
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

describe('several platforms', () => {
  const exporting: Builder = {
    kind: 'buildx',
    driver: 'remote',
    ghaCache: false,
    cacheExport: true,
    pushWithLoad: false
  }
  const engine: Builder = {
    kind: 'buildx',
    driver: 'docker',
    ghaCache: false,
    cacheExport: false,
    pushWithLoad: true
  }
  const two = ['linux/amd64', 'linux/arm64']

  it('build where the builder exports, and are never loaded', () => {
    expect(unsupportedPlatforms({ platforms: two, load: false }, exporting)).toBeUndefined()
    expect(unsupportedPlatforms({ platforms: two, load: false }, engine)).toMatch(
      /^platforms: building linux\/amd64, linux\/arm64 at once needs a builder that exports/
    )
    expect(unsupportedPlatforms({ platforms: two, load: true }, exporting)).toMatch(
      /^load: an image of linux\/amd64, linux\/arm64 cannot be loaded into the engine/
    )
    expect(unsupportedPlatforms({ platforms: ['linux/amd64'], load: true }, engine)).toBeUndefined()
    expect(buildxArgv({ ...plan, platforms: two }, exporting, 'export')).toContain(
      'linux/amd64,linux/arm64'
    )
  })
})

describe('the engine', () => {
  it('tells the image store by what docker info says of its driver', () => {
    expect(storeOf('[["driver-type","io.containerd.snapshotter.v1"]]')).toBe('containerd')
    expect(storeOf('[["Backing Filesystem","extfs"],["Supports d_type","true"]]')).toBe('classic')
    expect(storeOf('')).toBe('classic')
  })

  it('names a repository as its registry knows it, for repo digests under any name', () => {
    expect(registryRepository('debian:12-slim')).toBe('docker.io/library/debian')
    expect(registryRepository('debian@sha256:abc')).toBe('docker.io/library/debian')
    expect(registryRepository('nginxinc/nginx-unprivileged:1.27-alpine')).toBe(
      'docker.io/nginxinc/nginx-unprivileged'
    )
    expect(registryRepository('localhost:5000/library/debian@sha256:abc')).toBe(
      'localhost:5000/library/debian'
    )
    expect(registryRepository('gcr.io/distroless/cc-debian12:nonroot')).toBe(
      'gcr.io/distroless/cc-debian12'
    )
    expect(registryRepository('localhost/app')).toBe('localhost/app')
  })
})
