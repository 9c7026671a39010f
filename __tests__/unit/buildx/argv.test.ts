import { describe, expect, it } from '@jest/globals'
import { buildxArgv, buildxOutputs, dockerBuildArgv } from '../../../src/buildx/argv.js'
import { unsupportedPlatforms } from '../../../src/buildx/support.js'
import { type Builder, chooseBuilder, OWN_BUILDER } from '../../../src/buildx/choose.js'
import { type BuildPlan } from '../../../src/buildx/plan.js'
import { noBuildOptions } from '../../../src/request.js'

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
