import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { atLeast, parseVersion, type Version } from '../../src/buildx/versions.js'
import { runAction } from '../helpers/action.js'
import { buildxVersion, describeWhen, pushBaseImages } from '../helpers/buildx.js'
import { CacheServer } from '../helpers/cache-server.js'
import { docker, fixtures, makeBaseImages } from '../helpers/engine.js'
import { expectMeasuredLikeTheEngine } from '../helpers/measured.js'
import { registryAnswers } from '../helpers/registry.js'
import { world } from '../helpers/world.js'

// The GitHub Actions cache with real BuildKit, in each world users build in: the
// hosted runner's docker-container builder on cache service v2, the engine's docker
// driver (which exports cache itself on the containerd image store, and otherwise
// gets a docker-container builder of sizegate's own), and a cache service that fails.

const cacheServer = new CacheServer()
const installed = buildxVersion()
const speaksV2 = installed !== undefined && atLeast(parseVersion(installed) as Version, '0.21.0')
/** The buildkit fixture, its base pulled from the local registry (the Dockerfile's default). */
const fromRegistry = { context: 'buildkit', network: 'none', comment: 'never' }
/** The same Dockerfile on a base image only the engine has. */
const fromEngine = { ...fromRegistry, 'build-args': 'BASE=debian:12-slim' }
const workspace = { GITHUB_WORKSPACE: fixtures }
const engineDriver = { ...workspace, BUILDX_BUILDER: 'default' }
const registry = await registryAnswers()

beforeAll(async () => {
  await cacheServer.start()
  if (registry) pushBaseImages('debian:12-slim')
  else makeBaseImages('debian:12-slim')
})
afterAll(() => cacheServer.stop())
beforeEach(() => {
  cacheServer.entries.length = 0
  cacheServer.requests.length = 0
  cacheServer.stall = false
  cacheServer.refuseWith = undefined
})

/** The cache service of the run: v2 where buildx speaks it, else v1 (GitHub Enterprise Server). */
const serviceEnv = () => (speaksV2 ? cacheServer.env() : cacheServer.envV1())

/** Empties the build cache of a builder, as on a new runner. */
function prune(builder?: string): void {
  execFileSync('docker', ['buildx', 'prune', '-af', ...(builder ? ['--builder', builder] : [])], {
    stdio: 'ignore'
  })
}

/** BuildKit's v2 upload: Azure blocks (ids URL-encoded), then the block list. */
function expectBlockUploads(): void {
  expect(cacheServer.requests).toContainEqual(
    expect.stringMatching(/^PUT \/devstoreaccount1\/cache\/\d+\?.*comp=block(&|$)/)
  )
  expect(cacheServer.requests).toContainEqual(
    expect.stringMatching(/^PUT \/devstoreaccount1\/cache\/\d+\?comp=blocklist$/)
  )
}

describeWhen(
  world.driver === 'docker-container' && speaksV2 && registry
    ? undefined
    : 'the current builder is not a docker-container builder speaking cache service v2 (CI: the hosted-runner leg)'
)('a docker-container builder, as docker/setup-buildx-action makes it', () => {
  it('round-trips cache service v2: after a prune, the same image from the cache', async () => {
    prune()
    const pushed = await runAction(fromRegistry, { ...workspace, ...cacheServer.env() })
    expect(pushed.exitCode).toBe(0)
    expect(pushed.reports[0].build.ghaCache).toBe(true)
    expect(cacheServer.buildkitIndexes()).toContainEqual(
      expect.stringMatching(/^index-sizegate-production-[0-9a-f]{16}-/)
    )
    expectBlockUploads()

    // An empty builder, as on a new runner: every step comes from the cache service.
    prune()
    const pr = await runAction(fromRegistry, { ...workspace, ...cacheServer.env() })
    expect(pr.exitCode).toBe(0)
    // Each RUN writes fresh random bytes: the same image id proves they came from the cache.
    expect(pr.reports[0].imageId).toBe(pushed.reports[0].imageId)
  })

  it('with load, one export feeds both the measurement and the engine: no second build', async () => {
    const result = await runAction({ ...fromRegistry, load: 'true' }, workspace)
    expect(result.exitCode).toBe(0)
    expect(result.log).toContain('type=docker,dest=')
    expect(result.log).not.toContain('--load')
    expect(result.log.match(/docker buildx build/g)).toHaveLength(1)
    const [report] = result.reports
    expect(await docker('image', 'inspect', '--format', '{{.Id}}', report.imageId)).toBe(
      report.imageId
    )
    // The export's blobs: counted, not estimated.
    expect(report.compressedSource).toBe('archive')
  })
})

describeWhen(
  installed && world.imageStore === 'classic'
    ? undefined
    : 'needs buildx on the classic image store'
)("the docker driver on the classic store: a docker-container builder of sizegate's own", () => {
  const removeOwnBuilder = () => void spawnSync('docker', ['buildx', 'rm', 'sizegate'])
  beforeEach(removeOwnBuilder)
  afterAll(removeOwnBuilder)

  it('keeps the docker driver, and says why, when the build reads an image only the engine has', async () => {
    const result = await runAction(fromEngine, { ...engineDriver, ...serviceEnv() })
    expect(result.exitCode).toBe(0)
    expect(result.log).toContain(
      '::warning::The build reads debian:12-slim (FROM on line 3), which only this Docker engine has (never pushed to a registry).'
    )
    expect(result.log).toContain(
      'building with the current builder, without the GitHub Actions cache'
    )
    expect(result.log).not.toContain('--builder sizegate')
    expect(result.reports[0].build.ghaCache).toBe(false)
    expect(spawnSync('docker', ['buildx', 'inspect', 'sizegate']).status).not.toBe(0)
  })

  it('uses its own builder with the cache for a base from a registry, or warns where it cannot start', async () => {
    if (!registry)
      return console.log('skipped: no registry for the base image (scripts/registry.sh)')
    const engine = parseVersion(await docker('version', '--format', '{{.Server.Version}}'))
    const bootable = engine !== undefined && atLeast(engine, '23.0.0')
    if (bootable) {
      // A runner's builder reaches registries; here the registry is on 127.0.0.1 and
      // the engine has no bridge, so the test makes the builder with host networking.
      execFileSync('docker', [
        'buildx',
        'create',
        '--name',
        'sizegate',
        '--driver',
        'docker-container',
        '--driver-opt',
        'network=host'
      ])
    }
    const result = await runAction(fromRegistry, { ...engineDriver, ...serviceEnv() })
    expect(result.exitCode).toBe(0)
    const [report] = result.reports
    if (result.log.includes('could not start')) {
      // Docker 20.10 refuses the privileged container a docker-container builder needs.
      expect(result.log).toMatch(
        /::warning::The docker-container builder "sizegate" could not start \(.+\): building with the current builder, without the GitHub Actions cache\./
      )
      expect(report.build.ghaCache).toBe(false)
      expect(spawnSync('docker', ['buildx', 'inspect', 'sizegate']).status).not.toBe(0)
    } else {
      expect(result.log).toContain('using a docker-container builder "sizegate"')
      expect(result.log).toContain('--builder sizegate')
      expect(report.build.ghaCache).toBe(true)
      expect(cacheServer.buildkitIndexes()).not.toEqual([])
    }
    expect(report.uncompressedBytes).toBeGreaterThan(4_000_000)
  })
})

describeWhen(
  installed && speaksV2 && world.imageStore === 'containerd'
    ? undefined
    : 'needs buildx 0.21 or later on the containerd image store (CI: the containerd leg)'
)('the docker driver on the containerd image store', () => {
  it('exports cache service v2 itself, and rebuilds from it after a prune', async () => {
    const pushed = await runAction(fromEngine, { ...engineDriver, ...cacheServer.env() })
    expect(pushed.exitCode).toBe(0)
    expect(pushed.log).toContain('its docker driver exports the GitHub Actions cache itself')
    expect(pushed.log).not.toContain('--builder sizegate')
    expect(pushed.reports[0].build.ghaCache).toBe(true)
    expectBlockUploads()

    spawnSync('docker', ['rmi', pushed.reports[0].imageId])
    prune('default')
    const pr = await runAction(fromEngine, { ...engineDriver, ...cacheServer.env() })
    expect(pr.exitCode).toBe(0)
    const [head] = pr.reports
    // Fresh random bytes in each RUN: equal layers came from the cache. (The image id
    // names an index whose provenance changes with every build.)
    expect(head.layers.map(layer => layer.digest)).toEqual(
      pushed.reports[0].layers.map(layer => layer.digest)
    )
    // The id the engine runs; the sizes are the stored blobs'.
    expect(await docker('image', 'inspect', '--format', '{{.Id}}', head.imageId)).toBe(head.imageId)
    await expectMeasuredLikeTheEngine(head)
  })
})

describeWhen(installed ? undefined : 'docker buildx is not installed')(
  'a cache service that fails',
  () => {
    // Wherever sizegate would use the cache: the current builder, or one of its own.
    const run = () => runAction(fromEngine, { ...workspace, ...serviceEnv() })

    it('that stalls holds the step at most the bound, then the build goes on without it', async () => {
      cacheServer.stall = true
      const started = Date.now()
      const result = await run()
      expect(result.exitCode).toBe(0)
      expect(result.log).toContain(
        '::warning::The GitHub Actions cache service is not usable (it did not answer within 10 s; sizegate waits at most 10 s): building without the GitHub Actions cache.'
      )
      expect(result.log).not.toContain('type=gha')
      expect(result.reports[0].build.ghaCache).toBe(false)
      expect(Date.now() - started).toBeLessThan(60_000)
    })

    it('that refuses is said once, and the build goes on without it', async () => {
      cacheServer.refuseWith = 403
      const result = await run()
      expect(result.exitCode).toBe(0)
      expect(result.log.match(/::warning::The GitHub Actions cache service/g)).toHaveLength(1)
      expect(result.log).toContain('(it answered HTTP 403;')
      expect(result.reports[0].build.ghaCache).toBe(false)
    })
  }
)
