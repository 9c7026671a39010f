import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import * as path from 'node:path'
import { atLeast, parseVersion, type Version } from '../../src/buildx/versions.js'
import type { ImageReport } from '../../src/report/types.js'
import { runAction } from '../helpers/action.js'
import {
  buildxVersion,
  describeWhen,
  newCliFolder,
  pushBaseImages,
  REGISTRY,
  remoteBuilder,
  withoutBuildx
} from '../helpers/buildx.js'
import { CacheServer } from '../helpers/cache-server.js'
import { pushedManifest } from '../helpers/registry.js'
import { fixtures, makeBaseImages } from '../helpers/engine.js'

// The three ways sizegate builds, each for real: buildx with the engine's docker
// driver (the runner's default), buildx with a builder that exports cache (a
// remote BuildKit here, docker-container on runners), and no buildx at all.

const cacheServer = new CacheServer()
const workspace = { GITHUB_WORKSPACE: fixtures }
const installed = buildxVersion()
const remote = remoteBuilder()
const noBuildx = withoutBuildx()
const onEngine = { context: 'buildkit', network: 'none', 'build-args': 'BASE=debian:12-slim' }

beforeAll(async () => {
  await cacheServer.start()
  makeBaseImages('debian:12-slim')
})
afterAll(() => cacheServer.stop())

function builderRuns(name: string): boolean {
  try {
    execFileSync('docker', ['buildx', 'inspect', name], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Config and layer bytes of the pushed image, as the registry lists them. */
async function manifestSizes(
  reference: string,
  digest: string,
  platform?: string
): Promise<number> {
  const manifest = await pushedManifest(reference, digest, platform)
  return (manifest.layers ?? []).reduce(
    (sum, layer) => sum + layer.size,
    manifest.config?.size ?? 0
  )
}

const olderThan = (version: string | undefined, minimum: string): boolean =>
  !atLeast(parseVersion(version) as Version, minimum)

describeWhen(
  installed
    ? undefined
    : "docker buildx is not installed (the docker-buildx CLI plugin, e.g. Debian's docker-buildx package)"
)('buildx with the docker driver, the runner default', () => {
  // The engine's own builder, whichever builder this world made current.
  const engineDriver = { ...workspace, BUILDX_BUILDER: 'default' }

  it('with cache service v2, an older buildx warns and builds without the cache', async () => {
    spawnSync('docker', ['buildx', 'rm', 'sizegate'])
    if (!olderThan(installed, '0.21.0'))
      return console.log(`skipped: buildx ${installed} speaks cache service v2`)
    const result = await runAction(onEngine, { ...engineDriver, ...cacheServer.env() })
    expect(result.exitCode).toBe(0)
    expect(result.log).toMatch(
      /::warning::buildx \d+\.\d+\.\d+ speaks only the retired cache service \(v1\); cache service v2 needs buildx 0\.21\.0 or later: building without the GitHub Actions cache/
    )
    expect(result.log).not.toContain('type=gha')
    expect(result.reports[0].build).toMatchObject({ builder: 'buildx', ghaCache: false })
    expect(builderRuns('sizegate')).toBe(false)
  })

  it('pushes with the docker driver in one build, and reads the pushed sizes', async () => {
    const tag = `${REGISTRY}/sizegate-test/buildx-docker:1`
    const result = await runAction({ ...onEngine, tags: tag, push: 'true' }, engineDriver)
    expect(result.exitCode).toBe(0)
    const [report] = result.reports
    expect(report.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(report.compressedSource).toBe('registry')
    expect(report.compressedBytes).toBe(await manifestSizes(tag, report.digest as string))
  })

  it('fails naming the builder input when the builder named there does not run', async () => {
    const broken = 'sizegate-test-broken'
    spawnSync('docker', ['buildx', 'rm', broken])
    // Its BuildKit image is missing from the local registry, so it fails to boot anywhere.
    execFileSync('docker', [
      'buildx',
      'create',
      '--name',
      broken,
      '--driver',
      'docker-container',
      '--driver-opt',
      `image=${REGISTRY}/sizegate-test/no-such-buildkit:1`
    ])
    try {
      for (const name of [broken, 'no-such-builder']) {
        const result = await runAction({ ...onEngine, builder: name }, engineDriver)
        expect(result.exitCode).toBe(1)
        expect(result.log).toMatch(
          new RegExp(
            `::error::builder: "${name}" is not a buildx builder that runs here \\(.+\\); expected the name of a working builder`
          )
        )
      }
    } finally {
      spawnSync('docker', ['buildx', 'rm', broken])
    }
  })
})

describeWhen(
  remote
    ? undefined
    : 'no remote BuildKit builder here (a buildkitd, registered with docker buildx create --name local-buildkit --driver remote ADDRESS)'
)('buildx with a remote BuildKit, which exports cache', () => {
  const inputs = { context: 'buildkit', network: 'none', builder: remote as string }
  const prune = () =>
    execFileSync('docker', ['buildx', 'prune', '-af', '--builder', remote as string], {
      stdio: 'ignore'
    })
  const steps = (reports: ImageReport[]) =>
    reports.map(report => [report.target, report.build.cachedSteps, report.build.totalSteps])

  beforeAll(() => {
    pushBaseImages('debian:12-slim')
  })

  it('round-trips the GitHub Actions cache, one scope per target', async () => {
    const both = { ...inputs, targets: 'builder, production' }
    prune()
    const pushed = await runAction(both, { ...workspace, ...cacheServer.envV1() })
    expect(pushed.exitCode).toBe(0)
    expect(pushed.reports.map(report => report.build.ghaCache)).toEqual([true, true])
    const indexes = cacheServer.keys().filter(key => key.startsWith('index-'))
    for (const target of ['builder', 'production'])
      expect(indexes).toContainEqual(
        expect.stringMatching(new RegExp(`^index-sizegate-${target}-[0-9a-f]{16}-`))
      )
    expect(cacheServer.keys().some(key => key.startsWith('buildkit-blob-'))).toBe(true)

    // An empty builder, as on a new runner: the steps come from the cache service.
    prune()
    const pr = await runAction(both, { ...workspace, ...cacheServer.envV1() })
    expect(pr.exitCode).toBe(0)
    // Every layer holds fresh random bytes: the same image id proves every step came from the cache.
    expect(pr.reports.map(report => report.imageId)).toEqual(
      pushed.reports.map(report => report.imageId)
    )
    // BuildKit may show the last cached step as the download of its layers, not as CACHED:
    // whether it does depends on when the export asks for those layers.
    const warm = steps(pr.reports)
    expect(warm.map(([target, , total]) => [target, total])).toEqual([
      ['builder', 4],
      ['production', 7]
    ])
    for (const [, cached, total] of warm)
      expect(cached).toBeGreaterThanOrEqual((total as number) - 1)

    // Without the cache the same empty builder runs every step, and makes other layers.
    prune()
    const cold = await runAction({ ...both, cache: 'none' }, workspace)
    // production reuses the builder stage that the same run has just built.
    expect(steps(cold.reports)).toEqual([
      ['builder', 0, 4],
      ['production', 4, 7]
    ])
    expect(cold.reports[0].imageId).not.toBe(pushed.reports[0].imageId)
  })

  it('with cache service v2, an old buildx or BuildKit warns and builds without the cache', async () => {
    const result = await runAction(inputs, { ...workspace, ...cacheServer.env() })
    expect(result.exitCode).toBe(0)
    expect(result.log).toMatch(
      /::warning::(buildx|BuildKit) \d+\.\d+\.\d+ speaks only the retired cache service/
    )
    expect(result.reports[0].build.ghaCache).toBe(false)
  })

  it('measures its export, pushes from the cache, and loads into the engine only when asked', async () => {
    const tag = `${REGISTRY}/sizegate-test/buildx-remote:1`
    spawnSync('docker', ['rmi', tag])
    const result = await runAction({ ...inputs, tags: tag, push: 'true' }, workspace)
    expect(result.exitCode).toBe(0)
    const [report] = result.reports
    expect(result.log).toContain('type=oci,dest=')
    expect(result.log).toContain('::group::Push production')
    expect(result.log).not.toContain('--load')
    expect(report.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(report.compressedSource).toBe('registry')
    expect(report.compressedBytes).toBe(await manifestSizes(tag, report.digest as string))
    // The export's blobs are the ones pushed: the gzip estimate is no longer needed to know them.
    expect(report.estimatedBytes).toBeNull()
    expect(report.imageId).toBe((await pushedManifest(tag, report.digest as string)).config?.digest)
    // Pushed and not asked to load: the engine never saw it.
    expect(spawnSync('docker', ['image', 'inspect', tag]).status).not.toBe(0)

    const loaded = await runAction({ ...inputs, tags: tag, push: 'true', load: 'true' }, workspace)
    expect(loaded.exitCode).toBe(0)
    expect(loaded.reports[0].imageId).toBe(
      execFileSync('docker', ['image', 'inspect', '--format', '{{.Id}}', tag]).toString().trim()
    )
  })

  it('builds two platforms in one build: a report each, measured from the export', async () => {
    const tag = `${REGISTRY}/sizegate-test/two-platforms:1`
    const platforms = ['linux/amd64', 'linux/amd64/v2']
    const result = await runAction(
      { ...inputs, tags: tag, push: 'true', platforms: platforms.join(',') },
      workspace
    )
    expect(result.exitCode).toBe(0)
    const reports = result.reports
    expect(reports.map(report => [report.target, report.platform])).toEqual([
      ['production (linux/amd64)', 'linux/amd64'],
      ['production (linux/amd64/v2)', 'linux/amd64/v2']
    ])
    expect(new Set(reports.map(report => report.identity?.key)).size).toBe(2)
    for (const [index, report] of reports.entries())
      expect(report.compressedBytes).toBe(
        await manifestSizes(tag, report.digest as string, platforms[index])
      )
    expect(result.summary).toContain('production (linux/amd64/v2)')
    expect(result.log).not.toContain('--load')
  })
})

describeWhen(noBuildx ? undefined : 'buildx is installed system-wide, so it cannot be hidden')(
  'no buildx',
  () => {
    const cli = newCliFolder()

    it('a Docker CLI before 23 builds with BuildKit, and says the cache needs buildx', async () => {
      const client = execFileSync('docker', [
        'version',
        '--format',
        '{{.Client.Version}}'
      ]).toString()
      if (!olderThan(client, '23.0.0'))
        return console.log(`skipped: the first docker on PATH is ${client}`)
      const result = await runAction(onEngine, { ...workspace, ...cacheServer.env(), ...noBuildx })
      expect(result.exitCode).toBe(0)
      expect(result.log).toContain(
        '::notice::docker buildx is not installed: building with docker build (BuildKit)'
      )
      expect(result.reports[0].build).toMatchObject({ builder: 'docker', ghaCache: false })
    })

    it('a Docker CLI 23 or later builds with the legacy builder, and says how to get BuildKit', async () => {
      if (!cli) return console.log('skipped: no Docker CLI 23 or later here')
      const env = { ...workspace, ...noBuildx, PATH: `${cli}${path.delimiter}${process.env.PATH}` }
      const result = await runAction(onEngine, env)
      expect(result.exitCode).toBe(0)
      expect(result.log).toMatch(
        /::notice::docker buildx is not installed, and Docker CLI \S+ runs BuildKit only through it: building with the legacy builder\. For BuildKit and the GitHub Actions cache, install the buildx plugin/
      )
      const [report] = result.reports
      expect(report.build.builder).toBe('legacy')
      // The legacy builder runs every instruction of every stage up to the target as a step.
      expect(report.build.totalSteps).toBe(9)
      const copies = report.layers.filter(layer => layer.instruction === 'COPY')
      expect(copies.map(layer => layer.line)).toEqual([11, 12])
      expect(copies[1].uncompressedBytes).toBe(1_000_000)
      const again = await runAction(onEngine, env)
      // All but the global ARG, which comes before any image to cache.
      expect(again.reports[0].build.cachedSteps).toBe(8)
    })

    it('with a Dockerfile that needs BuildKit, such a CLI fails with what to install', async () => {
      if (!cli) return console.log('skipped: no Docker CLI 23 or later here')
      const env = { ...workspace, ...noBuildx, PATH: `${cli}${path.delimiter}${process.env.PATH}` }
      const result = await runAction({ ...onEngine, file: 'buildkit/Dockerfile.mount' }, env)
      expect(result.exitCode).toBe(1)
      expect(result.log).toMatch(
        /::error::docker buildx is not installed, and Docker CLI \S+ runs BuildKit only through it; the Dockerfile needs BuildKit \(RUN --mount on line 2\): install the buildx plugin \(on GitHub Actions: docker\/setup-buildx-action before this step\)\./
      )
    })
  }
)
