import { beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { type ActionRun, runAction, runnerEnv } from '../helpers/action.js'
import { GitHubServer, pullRequestOf } from '../helpers/github-server.js'
import { buildxVersion, describeWhen, REGISTRY } from '../helpers/buildx.js'
import { docker, makeBaseImages } from '../helpers/engine.js'
import { world } from '../helpers/world.js'
import { parseInspect, parseVersion, atLeast } from '../../src/buildx/versions.js'

// build-push-action's documented inputs, written as cases for this test, through
// sizegate with a recording `docker` first on PATH: each buildx build it runs must carry
// the flags and values build-push-action passes for the same inputs (read from its
// src/context.ts), and the outputs asked for must exist afterwards. What sizegate does
// besides is its own bookkeeping, listed in OWN_FLAGS and OWN_VALUES.

const RUN = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '1'
}
const BUILDER_ID = 'https://github.com/acme/app/actions/runs/4242/attempts/1'

/**
 * Flags only sizegate passes: the Dockerfile it resolved (build-push-action passes
 * --file only when given), plain progress for its log, the archive it measures (an
 * OCI or docker export into a FIFO), its gha cache, the builder it chose, and on the
 * docker driver its --load.
 */
const OWN_FLAGS = [
  '--file',
  '--progress',
  '--output',
  '--cache-from',
  '--cache-to',
  '--builder',
  // On the docker driver the image is measured in the engine: loaded, as that driver
  // does by default, whatever the inputs.
  ...(world.driver === 'docker' ? ['--load'] : [])
]
/**
 * Flags both pass whose values are each one's own files: the image id and metadata
 * files, and a secret's file (both write an inline secret to a file of their own;
 * `secret-envs` go as env= from both, compared whole).
 */
const OWN_VALUES = ['--iidfile', '--metadata-file']

const buildx = buildxVersion()
const buildxAt = parseVersion(buildx)
// One build writes several outputs from buildx 0.13 on.
const severalOutputs = buildxAt !== undefined && atLeast(buildxAt, '0.13.0')

/** A folder whose `docker` writes each argv to `log`, then runs the real one. */
function recordingDocker(): { bin: string; calls: () => string[][] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'sizegate-recorder-'))
  const real = execFileSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' }).trim()
  const log = path.join(dir, 'calls')
  writeFileSync(log, '')
  const script = path.join(dir, 'docker')
  // Each argument NUL-terminated, each call ended by a record separator.
  writeFileSync(
    script,
    `#!/bin/sh\n{ for arg in "$@"; do printf '%s\\0' "$arg"; done; printf '\\036\\0'; } >> '${log}'\nexec '${real}' "$@"\n`
  )
  chmodSync(script, 0o755)
  const calls = () =>
    readFileSync(log, 'utf8')
      .split('\u001e\0')
      .filter(call => call !== '')
      .map(call => call.split('\0').slice(0, -1))
  return { bin: dir, calls }
}

/** `--flag value` and `--flag=value` pairs of a buildx build, the context last. */
function flagPairs(argv: string[]): [string, string][] {
  const pairs: [string, string][] = []
  const args = argv.slice(2, -1)
  for (let index = 0; index < args.length; index++) {
    const [flag, inline] = args[index].split(/=(.*)/s, 2)
    const takesValue =
      inline === undefined && !['--load', '--push', '--pull', '--no-cache'].includes(flag)
    const value = inline ?? (takesValue ? args[++index] : '')
    pairs.push([flag, value])
  }
  return pairs
}

/** A pair as compared: the values of OWN_VALUES reduced to what both choose. */
function compared([flag, value]: [string, string]): string {
  if (flag === '--secret' && /(?:^|,)src=/.test(value))
    return `${flag} ${/(?:^|,)id=([^,]*)/.exec(value)?.[1]}`
  if (OWN_VALUES.includes(flag)) return flag
  return `${flag} ${value}`
}

/** Their flags that sizegate's builds of the image do not carry, and its own that are not listed. */
function difference(theirs: [string, string][], builds: string[][]) {
  const ours = builds.flatMap(flagPairs)
  const have = new Set(ours.map(compared))
  const expected = new Set(theirs.map(compared))
  return {
    missing: [...expected].filter(pair => !have.has(pair)),
    unlisted: [...have].filter(
      pair => !expected.has(pair) && !OWN_FLAGS.includes(pair.split(' ')[0])
    )
  }
}

/**
 * build-push-action's default provenance, by its rule: the builder's BuildKit is 0.11
 * or later (the docker driver's counts only as a -moby version), nothing is loaded.
 */
function defaultProvenance(load: boolean): [string, string][] {
  if (load) return []
  const inspect = parseInspect(execFileSync('docker', ['buildx', 'inspect'], { encoding: 'utf8' }))
  const version = parseVersion(inspect.buildkit)
  const attaches =
    version !== undefined &&
    atLeast(version, '0.11.0') &&
    (inspect.driver !== 'docker' || /-moby$/.test(inspect.buildkit ?? ''))
  return attaches ? [['--attest', `type=provenance,mode=max,builder-id=${BUILDER_ID}`]] : []
}

/** The step failed with `refusal` as its error: nothing measured, and no build (where recorded). */
function refusedBeforeBuilding(result: ActionRun, refusal: string, builds: string[][] = []): void {
  expect(result.exitCode).toBe(1)
  expect(result.log).toContain(`::error::${refusal}`)
  expect(result.reports).toEqual([])
  expect(builds).toEqual([])
}

function workspaceWith(dockerfile: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sizegate-bpa-'))
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile)
  writeFileSync(path.join(dir, 'app.txt'), 'the app\n')
  return dir
}

const DOCKERFILE = `FROM debian:12-slim
ARG MULTI
ARG NOTE
RUN printf '%s' "$MULTI" > /multi && printf '%s' "$NOTE" > /note
RUN --mount=type=secret,id=key,required=true wc -c < /run/secrets/key > /key-bytes
RUN --mount=type=secret,id=env1,required=true wc -c < /run/secrets/env1 > /env1-bytes
COPY app.txt /app/
`

describeWhen(buildx ? undefined : 'buildx is not installed here (build-push-action runs buildx)')(
  "build-push-action's inputs, flag for flag",
  () => {
    let recorder: ReturnType<typeof recordingDocker>
    let workspace: string
    const env = () => ({
      ...RUN,
      GITHUB_WORKSPACE: workspace,
      PATH: `${recorder.bin}${path.delimiter}${process.env.PATH}`,
      ENV_ONE: 'one',
      ENV_TWO: 'two'
    })
    /** sizegate's `buildx build` calls since `from`. */
    const builds = (from: number) =>
      recorder
        .calls()
        .slice(from)
        .filter(call => call[0] === 'buildx' && call[1] === 'build')
    const common = { network: 'none', secrets: 'key=s3cr3t', 'secret-envs': 'env1=ENV_ONE' }
    const commonFlags: [string, string][] = [
      ['--network', 'none'],
      ['--secret', 'id=key,src=/tmp/x'],
      ['--secret', 'id=env1,env=ENV_ONE'],
      ['--iidfile', ''],
      ['--metadata-file', '']
    ]

    beforeAll(() => {
      makeBaseImages('debian:12-slim')
      recorder = recordingDocker()
      workspace = workspaceWith(DOCKERFILE)
    })

    it('reads lists as CSV records: quoted lines, commas in values, comma-separated lists', async () => {
      const from = recorder.calls().length
      const inputs = {
        ...common,
        load: 'true',
        'build-args': '"MULTI=line one\nline two"\nNOTE=a,b',
        labels: 'org.example.note=a, b\norg.example.team=core',
        tags: 'sizegate-test/bpa:a,sizegate-test/bpa:b',
        'secret-envs': 'env1=ENV_ONE,env2=ENV_TWO'
      }
      const result = await runAction(inputs, env())
      expect(result.exitCode).toBe(0)
      const theirs: [string, string][] = [
        ...commonFlags,
        ['--secret', 'id=env2,env=ENV_TWO'],
        ['--build-arg', 'MULTI=line one\nline two'],
        ['--build-arg', 'NOTE=a,b'],
        ['--label', 'org.example.note=a, b'],
        ['--label', 'org.example.team=core'],
        ['--tag', 'sizegate-test/bpa:a'],
        ['--tag', 'sizegate-test/bpa:b'],
        ['--load', '']
      ]
      const made = builds(from)
      // A builder that exports loads the docker archive it writes (its own --output).
      const own = world.builderExports ? theirs.filter(([flag]) => flag !== '--load') : theirs
      expect(difference(own, made)).toEqual({ missing: [], unlisted: [] })
      expect(await docker('run', '--rm', 'sizegate-test/bpa:b', 'cat', '/multi')).toBe(
        'line one\nline two'
      )
      expect(await docker('run', '--rm', 'sizegate-test/bpa:a', 'cat', '/note')).toBe('a,b')
    })

    it('delivers the outputs asked for, and measures the image beside them', async () => {
      const from = recorder.calls().length
      const out = path.join(workspace, 'out')
      const tar = path.join(workspace, 'image.tar')
      const asked = [`type=local,dest=${out}`, `type=tar,dest=${tar}`]
      const result = await runAction({ ...common, outputs: asked.join('\n') }, env())
      if (!severalOutputs) {
        // buildx before 0.13 refuses two outputs in a build (build-push-action's too).
        refusedBeforeBuilding(result, 'outputs: one build writes one output', builds(from))
        return
      }
      expect(result.exitCode).toBe(0)
      const theirs: [string, string][] = [
        ...commonFlags.filter(([flag]) => flag !== '--iidfile'),
        ...asked.map((output): [string, string] => ['--output', output]),
        ...defaultProvenance(false)
      ]
      // build-push-action passes no --iidfile with a local or tar output; sizegate's
      // measured build writes one, its build of the outputs none.
      const made = builds(from)
      const delivery = made.filter(call => call.includes(asked[0]))
      expect(delivery).toHaveLength(1)
      expect(delivery[0]).not.toContain('--iidfile')
      expect(difference(theirs, made)).toEqual({ missing: [], unlisted: ['--iidfile'] })
      expect(readFileSync(path.join(out, 'app', 'app.txt'), 'utf8')).toBe('the app\n')
      expect(statSync(tar).size).toBeGreaterThan(1024)
      expect(result.reports[0].compressedBytes).toBeGreaterThan(0)
    })

    it('delivers one output on any buildx', async () => {
      const out = path.join(workspace, 'one')
      const result = await runAction({ ...common, outputs: `type=local,dest=${out}` }, env())
      expect(result.exitCode).toBe(0)
      expect(readFileSync(path.join(out, 'app', 'app.txt'), 'utf8')).toBe('the app\n')
      expect(result.reports[0].compressedBytes).toBeGreaterThan(0)
    })

    it('sets provenance, sbom and attests as build-push-action does', async () => {
      const from = recorder.calls().length
      const inputs = {
        ...common,
        provenance: 'mode=max',
        sbom: 'false',
        attests: 'type=sbom,generator=docker/buildkit-syft-scanner\ntype=provenance,mode=min'
      }
      const result = await runAction(inputs, env())
      if (world.driver === 'docker' && world.imageStore === 'classic') {
        // buildx refuses attestations there once the build has begun; sizegate before it, by name.
        const refusal = 'provenance: the docker driver keeps no attestation'
        refusedBeforeBuilding(result, refusal, builds(from))
        return
      }
      expect(result.exitCode).toBe(0)
      const theirs: [string, string][] = [
        ...commonFlags,
        ['--attest', `type=provenance,mode=max,builder-id=${BUILDER_ID}`],
        ['--attest', 'type=sbom,disabled=true']
      ]
      expect(difference(theirs, builds(from))).toEqual({ missing: [], unlisted: [] })
    })
  }
)

describeWhen(buildx ? undefined : 'buildx is not installed here (build-push-action runs buildx)')(
  'outputs that push',
  () => {
    let workspace: string
    beforeAll(() => {
      makeBaseImages('debian:12-slim')
      workspace = workspaceWith(DOCKERFILE)
    })

    it('pushes by digest, and the digest output names what was pushed', async () => {
      const name = `${REGISTRY}/sizegate-test/bpa-digest`
      const outputs = `type=image,name=${name},push-by-digest=true,name-canonical=true,push=true`
      const result = await runAction(
        { network: 'none', secrets: 'key=s3cr3t', 'secret-envs': 'env1=ENV_ONE', outputs },
        { ...RUN, GITHUB_WORKSPACE: workspace, ENV_ONE: 'one' }
      )
      if (world.driver === 'docker') {
        // buildx refuses it on the docker driver, after the measured build; sizegate before it.
        refusedBeforeBuilding(result, 'outputs: the docker driver cannot push by digest')
        return
      }
      expect(result.exitCode).toBe(0)
      const digest = result.outputs.digest
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
      const pushed = await fetch(
        `http://${REGISTRY}/v2/sizegate-test/bpa-digest/manifests/${digest}`,
        {
          method: 'HEAD',
          headers: {
            Accept:
              'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json'
          }
        }
      )
      expect(pushed.status).toBe(200)
    })
  }
)

// buildx 0.15 writes BuildKit's Dockerfile checks into its metadata file.
const checksReported = buildxAt !== undefined && atLeast(buildxAt, '0.15.0')

describeWhen(
  checksReported
    ? undefined
    : 'buildx before 0.15 (or none) writes no Dockerfile checks into its metadata'
)('build checks', () => {
  let workspace: string
  beforeAll(() => {
    makeBaseImages('debian:12-slim')
    workspace = workspaceWith('FROM debian:12-slim as base\nENV API_SECRET=x\nCOPY app.txt /app/\n')
  })

  it("become warnings on their Dockerfile lines, as build-push-action's do", async () => {
    const env = { ...RUN, GITHUB_WORKSPACE: workspace }
    const result = await runAction({ network: 'none' }, env)
    expect(result.exitCode).toBe(0)
    expect(result.log).toContain(
      "::warning title=The 'as' keyword should match the case of the 'from' keyword,file=Dockerfile,line=1::FromAsCasing: 'as' and 'FROM' keywords' casing do not match%0AMore info: https://docs.docker.com/go/dockerfile/rule/from-as-casing/"
    )
    expect(result.log).toMatch(
      /::warning title=[^\n]*,file=Dockerfile,line=2::SecretsUsedInArgOrEnv: /
    )
    expect(result.reports[0].buildChecks.map(check => [check.rule, check.line])).toEqual([
      ['FromAsCasing', 1],
      ['SecretsUsedInArgOrEnv', 2]
    ])
    const off = await runAction(
      { network: 'none' },
      { ...env, DOCKER_BUILD_CHECKS_ANNOTATIONS: 'false' }
    )
    // The build's own log still says them; no workflow command does.
    expect(off.log).not.toMatch(/::warning[^\n]*FromAsCasing/)
  })

  it('are picked out in the PR comment where the PR wrote their lines', async () => {
    const gitHub = new GitHubServer()
    await gitHub.start()
    try {
      const sha = 'a'.repeat(40)
      gitHub.pullRequest = pullRequestOf(7, sha, 'b'.repeat(40))
      // The PR added line 2 (the secret in ENV); line 1 (the casing) was there before.
      const patch =
        '@@ -1,2 +1,3 @@\n FROM debian:12-slim as base\n+ENV API_SECRET=x\n COPY app.txt /app/'
      gitHub.files = [{ filename: 'Dockerfile', status: 'modified', patch }]
      const pr = runnerEnv({
        event: 'pull_request',
        sha,
        baseSha: 'b'.repeat(40),
        headSha: sha,
        workspace,
        number: 7
      })
      const result = await runAction(
        { network: 'none', baseline: 'none', comment: 'always', 'github-token': 'test-token' },
        { ...pr, ...RUN, GITHUB_REPOSITORY: 'o/r', GITHUB_API_URL: gitHub.url }
      )
      expect(result.exitCode).toBe(0)
      const body = gitHub.comments[0]?.body ?? ''
      expect(body).toContain('⚠️ 1 Dockerfile check on lines this PR changed</summary>')
      expect(body).toMatch(
        /<code>Dockerfile<\/code> line 2 \(base\): \*\*\[SecretsUsedInArgOrEnv\]\(https:\/\/docs\.docker\.com\//
      )
      expect(body).not.toContain('FromAsCasing')
    } finally {
      await gitHub.stop()
    }
  })

  it('call: check runs them instead of the build: warnings, a failed step, nothing measured', async () => {
    const env = { ...RUN, GITHUB_WORKSPACE: workspace }
    const checked = await runAction({ network: 'none', call: 'check' }, env)
    expect(checked.exitCode).toBe(1)
    expect(checked.log).toMatch(/::warning title=[^\n]*,file=Dockerfile,line=1::FromAsCasing: /)
    expect(checked.log).toContain(
      '::error::Build checks of target "base" in Dockerfile failed: 2 found (FromAsCasing, SecretsUsedInArgOrEnv)'
    )
    expect(checked.reports).toEqual([])
    const clean = workspaceWith('FROM debian:12-slim AS base\nCOPY app.txt /app/\n')
    const passed = await runAction(
      { network: 'none', call: 'check' },
      { ...env, GITHUB_WORKSPACE: clean }
    )
    expect(passed.exitCode).toBe(0)
    expect(passed.log).not.toContain('::warning')
    expect(passed.reports).toEqual([])
  })
})

describe('the recording docker', () => {
  it('keeps arguments whole: spaces, line breaks, commas', () => {
    const recorder = recordingDocker()
    const argv = ['version', '--format', 'a b\nc,d']
    try {
      execFileSync(path.join(recorder.bin, 'docker'), argv, { stdio: 'ignore' })
    } catch {
      // The engine may not answer; the call is recorded first.
    }
    expect(recorder.calls()).toEqual([argv])
  })
})
