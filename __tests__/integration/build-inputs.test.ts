import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { runAction, type ActionRun } from '../helpers/action.js'
import { describeWhen, pushBaseImages, REGISTRY, remoteBuilder } from '../helpers/buildx.js'
import { docker, fixtures, makeBaseImages } from '../helpers/engine.js'
import { intoEngine } from '../helpers/world.js'

// build-push-action's inputs on real builds: whichever way this machine builds on
// the engine (buildx's docker driver, or docker build without buildx), and a
// remote BuildKit for what only a builder that exports can do.

const SECRET = 's3cr3t-Value-4217'
const workspace = { GITHUB_WORKSPACE: fixtures }
// The tests run the image: it must be in the engine.
const onEngine = {
  context: 'secrets',
  network: 'none',
  'build-args': 'BASE=debian:12-slim',
  ...intoEngine
}
const remote = remoteBuilder()

/** Everything a user or a later step can read of a run (log, outputs, summary, reports), but the mask commands. */
function visible(run: ActionRun): string {
  const log = run.log
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
  return [log, JSON.stringify(run.outputs), run.summary, JSON.stringify(run.reports)].join('\n')
}

async function tokenBytes(image: string): Promise<string> {
  return docker('run', '--rm', '--network', 'none', image, 'cat', '/token-bytes')
}

beforeAll(() => makeBaseImages('debian:12-slim'))

describe('build inputs on the engine', () => {
  it('mounts a secret the build needs; its value shows nowhere', async () => {
    const result = await runAction({ ...onEngine, secrets: `token=${SECRET}` }, workspace)
    expect(result.exitCode).toBe(0)
    expect(result.log).toContain(`::add-mask::${SECRET}`)
    expect((await tokenBytes(result.reports[0].imageId)).trim()).toBe(String(SECRET.length))
    expect(visible(result)).not.toContain(SECRET)
  })

  it('takes the secret from an environment variable too, and fails without it', async () => {
    const fromEnv = await runAction(
      { ...onEngine, 'secret-envs': 'token=BUILD_TOKEN' },
      { ...workspace, BUILD_TOKEN: SECRET }
    )
    expect(fromEnv.exitCode).toBe(0)
    expect(visible(fromEnv)).not.toContain(SECRET)
    // A cached step would not ask for the secret: build it again.
    const without = await runAction({ ...onEngine, 'no-cache': 'true' }, workspace)
    expect(without.exitCode).toBe(1)
    expect(without.log).toMatch(/::error::Build of target ".+" failed/)
  })

  it('puts the labels on the image', async () => {
    const result = await runAction(
      {
        ...onEngine,
        secrets: `token=${SECRET}`,
        labels: 'org.opencontainers.image.title=sizegate test\norg.example.note=a, b'
      },
      workspace
    )
    expect(result.exitCode).toBe(0)
    const labels = JSON.parse(
      await docker(
        'image',
        'inspect',
        '--format',
        '{{json .Config.Labels}}',
        result.reports[0].imageId
      )
    ) as Record<string, string>
    expect(labels).toMatchObject({
      'org.opencontainers.image.title': 'sizegate test',
      'org.example.note': 'a, b'
    })
  })
})

describeWhen(
  remote
    ? undefined
    : 'no remote BuildKit builder here (a buildkitd, registered with docker buildx create --name local-buildkit --driver remote ADDRESS)'
)('build inputs on a remote BuildKit', () => {
  const inputs = {
    context: 'secrets',
    network: 'none',
    builder: remote as string,
    secrets: `token=${SECRET}`
  }
  const prune = () =>
    execFileSync('docker', ['buildx', 'prune', '-af', '--builder', remote as string], {
      stdio: 'ignore'
    })

  beforeAll(() => {
    pushBaseImages('debian:12-slim')
  })
  afterAll(() => {
    prune()
  })

  it('round-trips a registry cache: an empty builder gets every step from it', async () => {
    const cache = `${REGISTRY}/sizegate-test/cache:inputs`
    const caches = {
      'cache-from': `type=registry,ref=${cache}`,
      'cache-to': `type=registry,ref=${cache},mode=max`
    }
    prune()
    const first = await runAction({ ...inputs, ...caches }, workspace)
    expect(first.exitCode).toBe(0)
    const index = await fetch(`http://${REGISTRY}/v2/sizegate-test/cache/manifests/inputs`, {
      headers: { Accept: 'application/vnd.oci.image.index.v1+json' }
    })
    expect(index.ok).toBe(true)

    prune()
    const second = await runAction({ ...inputs, ...caches }, workspace)
    expect(second.exitCode).toBe(0)
    // The layer of random bytes is the same: it came from the registry cache.
    expect(second.reports[0].imageId).toBe(first.reports[0].imageId)
    expect(visible(second)).not.toContain(SECRET)
  })

  it('fails with the build error when the build fails before its export is read', async () => {
    const { secrets, ...withoutSecret } = inputs
    expect(secrets).toBeTruthy()
    const result = await runAction({ ...withoutSecret, 'no-cache': 'true' }, workspace)
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/::error::Build of target ".+" failed/)
  })

  it('puts annotations on the pushed manifest', async () => {
    const tag = `${REGISTRY}/sizegate-test/annotated:1`
    const result = await runAction(
      {
        ...inputs,
        tags: tag,
        push: 'true',
        annotations: 'org.opencontainers.image.title=sizegate test\norg.example.team=core',
        labels: 'org.example.team=core'
      },
      workspace
    )
    expect(result.exitCode).toBe(0)
    interface Document {
      annotations?: Record<string, string>
      manifests?: { digest: string; platform?: { os: string } }[]
    }
    const read = async (reference: string): Promise<Document> => {
      const url = `http://${REGISTRY}/v2/sizegate-test/annotated/manifests/${reference}`
      const accept =
        'application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json'
      return (await (await fetch(url, { headers: { Accept: accept } })).json()) as Document
    }
    // buildx adds a provenance attestation: the digest names an index of the image and it.
    let manifest = await read(result.reports[0].digest as string)
    const image = manifest.manifests?.find(entry => entry.platform?.os === 'linux')
    if (image) manifest = await read(image.digest)
    expect(manifest.annotations ?? {}).toMatchObject({
      'org.opencontainers.image.title': 'sizegate test',
      'org.example.team': 'core'
    })
  })
})
