import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import {
  buildxArgv,
  buildxOutputs,
  dockerBuildArgv,
  userOutputsPush
} from '../../../src/buildx/argv.js'
import { droppedOption, unsupportedOption } from '../../../src/buildx/support.js'
import { capturedWarnings } from '../../helpers/log.js'
import { bakeBuildConfig, bakeTargetNames } from '../../../src/buildx/bake.js'
import type { Builder } from '../../../src/buildx/choose.js'
import { parseBuildOptions } from '../../../src/action/build-options.js'
import { secretValuesOf } from '../../../src/buildx/secrets.js'
import { type BuildOptions, noBuildOptions } from '../../../src/request.js'
import type { BuildPlan } from '../../../src/buildx/plan.js'
import { writeSecretFiles } from '../../../src/buildx/secrets.js'

const reader =
  (inputs: Record<string, string>) =>
  (name: string): string =>
    inputs[name] ?? ''

const workspace = mkdtempSync(path.join(tmpdir(), 'sizegate-options-'))
writeFileSync(path.join(workspace, 'npmrc'), '//registry/:_authToken=t0ken\n')

function plan(options: Partial<BuildOptions>, extra: Partial<BuildPlan> = {}): BuildPlan {
  return {
    target: 'app',
    file: '/w/Dockerfile',
    context: '/w',
    buildArgs: [],
    tags: ['localhost:5000/app:1'],
    platforms: [],
    noCache: false,
    push: false,
    load: false,
    cacheScope: 'scope',
    cacheMode: 'max',
    exportCache: true,
    iidFile: '/t/app.iid',
    metadataFile: '/t/app.json',
    exportFile: '/t/app.oci',
    options: { ...noBuildOptions(), ...options },
    secrets: [],
    ...extra
  }
}

const remote: Builder = {
  kind: 'buildx',
  driver: 'remote',
  ghaCache: false,
  cacheExport: true,
  pushWithLoad: false,
  annotationFlag: false,
  attests: true,
  keepsAttestations: true,
  defaultProvenance: true
}
const newBuildx: Builder = { ...remote, pushWithLoad: true, annotationFlag: true }
const engine: Builder = { kind: 'docker', ghaCache: false, cacheExport: false, pushWithLoad: true }
const legacy: Builder = { kind: 'legacy', ghaCache: false, cacheExport: false, pushWithLoad: true }

describe('build-push-action inputs', () => {
  it('reads each with its syntax: secrets by line with = in values, lists, booleans', () => {
    const options = parseBuildOptions(
      reader({
        secrets: '"GIT_AUTH_TOKEN=abc=def, ""x"""\nother=2',
        'secret-envs': 'aws=AWS_KEY',
        'secret-files': 'npmrc=npmrc',
        ssh: 'default',
        labels: 'org.opencontainers.image.title=app, v2\nteam=core',
        annotations: 'index:org.opencontainers.image.title=app',
        'build-contexts': 'alpine=docker-image://alpine:3.20\nshared=../shared',
        'cache-from': 'type=registry,ref=localhost:5000/app:cache',
        'cache-to': 'type=registry,ref=localhost:5000/app:cache,mode=max',
        pull: 'true',
        provenance: 'false',
        sbom: 'true',
        'add-hosts': 'docker:10.0.0.1, db:10.0.0.2',
        'shm-size': '2g',
        ulimit: 'nofile=1024:1024',
        'no-cache-filters': 'deps, build',
        attests: 'type=sbom,generator=img',
        allow: 'network.host,security.insecure',
        'cgroup-parent': '/actions_job',
        outputs: 'type=local,dest=out\ntype=tar,dest=image.tar'
      }),
      { AWS_KEY: 'k3y' },
      workspace
    )
    expect(options).toEqual({
      secrets: [
        { id: 'GIT_AUTH_TOKEN', from: 'value', value: 'abc=def, "x"' },
        { id: 'other', from: 'value', value: '2' },
        { id: 'aws', from: 'env', variable: 'AWS_KEY' },
        { id: 'npmrc', from: 'file', file: path.join(workspace, 'npmrc') }
      ],
      ssh: ['default'],
      labels: ['org.opencontainers.image.title=app, v2', 'team=core'],
      annotations: ['index:org.opencontainers.image.title=app'],
      buildContexts: ['alpine=docker-image://alpine:3.20', 'shared=../shared'],
      cacheFrom: ['type=registry,ref=localhost:5000/app:cache'],
      cacheTo: ['type=registry,ref=localhost:5000/app:cache,mode=max'],
      pull: true,
      provenance: 'false',
      sbom: 'true',
      addHosts: ['docker:10.0.0.1', 'db:10.0.0.2'],
      shmSize: '2g',
      ulimits: ['nofile=1024:1024'],
      noCacheFilters: ['deps', 'build'],
      attests: ['type=sbom,generator=img'],
      allow: ['network.host', 'security.insecure'],
      cgroupParent: '/actions_job',
      outputs: ['type=local,dest=out', 'type=tar,dest=image.tar'],
      builderId: undefined,
      defaultProvenance: undefined
    })
    expect(secretValuesOf(options, { AWS_KEY: 'k3y' })).toEqual(['abc=def, "x"', '2', 'k3y'])
  })

  it('reads lists as build-push-action does: CSV records, quoted values over several lines', () => {
    const options = parseBuildOptions(
      reader({
        secrets: '"KEY=-----BEGIN-----\nbody\n-----END-----"\nplain= spaced ',
        'secret-envs': 'a=A_VAR,b=B_VAR\nc=C_VAR',
        'cache-to': 'type=inline',
        outputs: 'type=local,"dest=out dir"'
      }),
      { A_VAR: '1', B_VAR: '2', C_VAR: '3' },
      workspace
    )
    expect(options.secrets).toEqual([
      { id: 'KEY', from: 'value', value: '-----BEGIN-----\nbody\n-----END-----' },
      { id: 'plain', from: 'value', value: ' spaced ' },
      { id: 'a', from: 'env', variable: 'A_VAR' },
      { id: 'b', from: 'env', variable: 'B_VAR' },
      { id: 'c', from: 'env', variable: 'C_VAR' }
    ])
    // outputs are read without CSV quoting: buildx reads their quotes itself.
    expect(options.outputs).toEqual(['type=local,"dest=out dir"'])
    expect(options.cacheTo).toEqual(['type=inline'])
  })

  it('skips a secret it cannot read with a warning that names its place, never its text', () => {
    const warnings = capturedWarnings(() =>
      parseBuildOptions(
        reader({
          secrets: 'KEY=s3cr3t first line\ns3cr3t second line\nother=2',
          'secret-envs': 'a=MISSING',
          'secret-files': 'f=nope.txt'
        }),
        {},
        workspace
      )
    )
    expect(warnings.result.secrets).toEqual([
      { id: 'KEY', from: 'value', value: 's3cr3t first line' },
      { id: 'other', from: 'value', value: '2' },
      { id: 'a', from: 'env', variable: 'MISSING' }
    ])
    expect(warnings.lines).toEqual([
      'secrets: item 2 is not id=value (a value with line breaks needs double quotes around the whole item); it is skipped',
      'secret-envs: MISSING is not set; secret a is empty',
      'secret-files: nope.txt is not a file; secret f is skipped'
    ])
    expect(warnings.lines.join('\n')).not.toMatch(/s3cr3t/)
  })

  it('names the input in its errors', () => {
    const parse =
      (inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) =>
      () =>
        parseBuildOptions(reader(inputs), env, workspace)
    expect(parse({ secrets: 'a=1', 'secret-files': 'a=npmrc' })).toThrow(
      /"a" is a secret id given twice/
    )
    expect(parse({ secrets: '"KEY=s3cr3t' })).toThrow(
      /^secrets: cannot be read as CSV \(Quote Not Closed/
    )
    expect(parse({ secrets: '"KEY=s3cr3t' })).not.toThrow(/s3cr3t/)
    expect(parse({ 'shm-size': 'lots' })).toThrow('shm-size: "lots" is not a size')
    expect(parse({ pull: 'yes' })).toThrow('pull: "yes" is not a boolean')
    expect(parse({ 'build-contexts': 'just-a-path' })).toThrow('build-contexts: "just-a-path"')
    expect(parse({}, { BUILDX_NO_DEFAULT_ATTESTATIONS: 'yes' })).toThrow(
      'BUILDX_NO_DEFAULT_ATTESTATIONS: "yes" is not a boolean'
    )
  })

  it('settles provenance for the run as build-push-action does', () => {
    const run = {
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_RUN_ID: '42',
      GITHUB_RUN_ATTEMPT: '2'
    }
    const settle = (env: NodeJS.ProcessEnv) => {
      const options = parseBuildOptions(reader({}), env, workspace)
      return [options.builderId, options.defaultProvenance]
    }
    const builderId = 'https://github.com/acme/app/actions/runs/42/attempts/2'
    expect(settle(run)).toEqual([builderId, 'max'])
    const event = path.join(workspace, 'event.json')
    writeFileSync(event, JSON.stringify({ repository: { private: true } }))
    expect(settle({ ...run, GITHUB_EVENT_PATH: event })).toEqual([builderId, 'min'])
    expect(settle({ ...run, BUILDX_NO_DEFAULT_ATTESTATIONS: '1' })).toEqual([builderId, undefined])
    // Outside a run (the CLI's way), buildx decides.
    expect(settle({})).toEqual([undefined, undefined])
  })

  it('refuses before the build what docker would refuse after it, naming the input', () => {
    const parse = (inputs: Record<string, string>) => () =>
      parseBuildOptions(reader(inputs), {}, workspace)
    expect(parse({ labels: 'team=core\n=orphan' })).toThrow(
      'labels: "=orphan" has no key; expected key=value, one per line'
    )
    expect(parse({ labels: 'team=core\nflag' })).not.toThrow()
    expect(parse({ 'cache-from': 'type=redis,ref=x' })).toThrow(
      'cache-from: "redis" is not a cache type; expected type=registry, type=local, type=inline, type=gha, type=s3, type=azblob, or an image reference'
    )
    // Attributes may hold credentials: only the type is named.
    const s3 = 'type=s4,bucket=b,secret_access_key=k3y'
    expect(parse({ 'cache-to': s3 })).toThrow('cache-to: "s4" is not a cache type')
    expect(parse({ 'cache-to': s3 })).not.toThrow(/k3y/)
    expect(parse({ 'cache-from': 'ghcr.io/acme/app:cache\ntype=local,src=/c' })).not.toThrow()
    expect(parse({ 'add-hosts': 'db:10.0.0.5,cache' })).toThrow(
      'add-hosts: "cache" is not a host entry; expected host:ip (or host=ip)'
    )
    expect(parse({ 'add-hosts': 'db:' })).toThrow('add-hosts: "db:" is not a host entry')
    expect(
      parse({ 'add-hosts': 'db=10.0.0.5,host.docker.internal:host-gateway,v6:::1' })
    ).not.toThrow()
  })
})

describe('their flags', () => {
  const secrets = [{ id: 'token', file: '/tmp/run,1/secret-0' }]

  it('go to buildx as build-push-action passes them; cache-to only where the build exports', () => {
    const options: Partial<BuildOptions> = {
      labels: ['a=b'],
      ssh: ['default'],
      buildContexts: ['x=../x'],
      cacheFrom: ['type=registry,ref=r/app:cache'],
      cacheTo: ['type=registry,ref=r/app:cache'],
      provenance: 'false',
      noCacheFilters: ['deps'],
      pull: true
    }
    const argv = buildxArgv(plan(options, { secrets }), remote)
    expect(argv).toEqual(
      expect.arrayContaining([
        '--label',
        'a=b',
        '--pull',
        '--ssh',
        'default',
        '--build-context',
        'x=../x'
      ])
    )
    expect(argv.join(' ')).toContain('--attest type=provenance,disabled=true')
    expect(argv.join(' ')).toContain('--secret id=token,"src=/tmp/run,1/secret-0"')
    expect(argv.join(' ')).toContain(
      '--cache-from type=registry,ref=r/app:cache --cache-to type=registry,ref=r/app:cache'
    )
    expect(buildxArgv(plan(options, { exportCache: false }), remote)).not.toContain('--cache-to')
  })

  it('annotations on an old buildx without a push are left out with a warning', () => {
    const config = { options: { ...noBuildOptions(), annotations: ['team=core'] }, push: false }
    expect(droppedOption(config, remote)).toMatch(
      /^annotations: this buildx has no --annotation \(buildx 0.12.0 or later has\)/
    )
    expect(droppedOption({ ...config, push: true }, remote)).toBeUndefined()
    expect(droppedOption(config, newBuildx)).toBeUndefined()
  })

  it('annotations: --annotation on new buildx, the registry output on old', () => {
    const options = { annotations: ['index:org.opencontainers.image.title=app', 'team=core'] }
    const pushing = plan(options, { push: true })
    expect(buildxArgv(pushing, newBuildx, 'load+push')).toEqual(
      expect.arrayContaining(['--annotation', 'team=core', '--push'])
    )
    const old = buildxArgv(pushing, remote, 'push')
    expect(old).not.toContain('--push')
    expect(old).toEqual(
      expect.arrayContaining([
        '--output',
        'type=registry,annotation-index.org.opencontainers.image.title=app,annotation.team=core'
      ])
    )
  })

  it('docker build takes what BuildKit and the engine know; image caches only', () => {
    const argv = dockerBuildArgv(
      plan(
        { labels: ['a=b'], shmSize: '1g', cacheFrom: ['type=registry,ref=r/app:cache'] },
        { secrets }
      ),
      engine
    )
    expect(argv).toEqual(
      expect.arrayContaining(['--label', 'a=b', '--shm-size', '1g', '--cache-from', 'r/app:cache'])
    )
    expect(argv.join(' ')).toContain('--secret id=token')
    expect(dockerBuildArgv(plan({ labels: ['a=b'] }, { secrets }), legacy)).not.toContain(
      '--secret'
    )
  })

  it('refuses, naming the input, what the builder cannot do', () => {
    const with_ = (options: Partial<BuildOptions>) => ({ ...noBuildOptions(), ...options })
    const secret = with_({ secrets: [{ id: 'a', from: 'value', value: 'v' }] })
    expect(unsupportedOption(secret, legacy)).toMatch(/^secrets: build secrets need BuildKit/)
    expect(unsupportedOption(secret, engine)).toBeUndefined()
    expect(unsupportedOption(with_({ cacheTo: ['type=local,dest=x'] }), engine)).toMatch(
      /^cache-to: needs docker buildx; install the buildx plugin/
    )
    const classicEngine = {
      ...remote,
      driver: 'docker',
      cacheExport: false,
      keepsAttestations: false
    }
    expect(unsupportedOption(with_({ cacheTo: ['type=local,dest=x'] }), classicEngine)).toMatch(
      /^cache-to: the docker driver cannot export a cache on the engine's classic image store/
    )
    // On the containerd image store the docker driver exports a cache itself.
    const containerdEngine = { ...classicEngine, cacheExport: true }
    expect(
      unsupportedOption(with_({ cacheTo: ['type=local,dest=x'] }), containerdEngine)
    ).toBeUndefined()
    expect(unsupportedOption(with_({ cacheFrom: ['type=local,src=x'] }), engine)).toMatch(
      /^cache-from: needs docker buildx/
    )
    expect(
      unsupportedOption(with_({ annotations: ['a=b'], provenance: 'false' }), remote)
    ).toBeUndefined()
    expect(unsupportedOption(with_({ sbom: 'true' }), { ...remote, attests: false })).toMatch(
      /^sbom: attestations need buildx 0.10.0 or later/
    )
    for (const input of [{ allow: ['network.host'] }, { outputs: ['type=local,dest=o'] }])
      expect(unsupportedOption(with_(input), engine)).toMatch(/: needs docker buildx/)
    expect(unsupportedOption(with_({ provenance: 'mode=max' }), classicEngine)).toMatch(
      /^provenance: the docker driver keeps no attestation on the engine's classic image store/
    )
    expect(unsupportedOption(with_({ provenance: 'false', sbom: 'false' }), classicEngine)).toBe(
      undefined
    )
    const twoOutputs = with_({ outputs: ['type=local,dest=a', 'type=tar,dest=b.tar'] })
    expect(unsupportedOption(twoOutputs, remote)).toMatch(
      /^outputs: one build writes one output before buildx and BuildKit 0.13.0/
    )
    expect(unsupportedOption(twoOutputs, { ...remote, multipleOutputs: true })).toBeUndefined()
    expect(unsupportedOption(with_({ outputs: ['type=local,dest=a'] }), remote)).toBeUndefined()
    const byDigest = with_({ outputs: ['type=image,name=r/app,push-by-digest=true,push=true'] })
    expect(unsupportedOption(byDigest, classicEngine)).toMatch(
      /^outputs: the docker driver cannot push by digest/
    )
    expect(unsupportedOption(byDigest, remote)).toBeUndefined()
    expect(unsupportedOption(with_({ call: 'check' }), remote)).toMatch(
      /^call: needs buildx 0.15.0 or later/
    )
    expect(unsupportedOption(with_({ call: 'check' }), { ...remote, callFlag: true })).toBe(
      undefined
    )
    expect(unsupportedOption(with_({ call: 'check' }), engine)).toMatch(
      /^call: needs docker buildx/
    )
    // The inline cache rides in the image: the docker driver writes it too.
    expect(unsupportedOption(with_({ cacheTo: ['type=inline'] }), classicEngine)).toBeUndefined()
  })

  it("deliver the user's outputs in a build of their own, beside the measured image", () => {
    const outputs = ['type=local,dest=out', 'type=image,name=r/app,push-by-digest=true,push=true']
    const user = plan({ outputs })
    expect(buildxOutputs(user, remote)).toEqual(['export', 'outputs'])
    expect(buildxOutputs(user, { ...remote, driver: 'docker' })).toEqual(['load', 'outputs'])
    const argv = buildxArgv(user, remote, 'outputs', false)
    expect(argv.join(' ')).toContain(`--output ${outputs[0]} --output ${outputs[1]}`)
    // No image id to write for a folder; no cache export in a delivery.
    expect(argv).not.toContain('--iidfile')
    expect(argv).not.toContain('--cache-to')
    expect(userOutputsPush(outputs)).toBe(true)
    expect(userOutputsPush(['type=image,name=r/app', 'out-dir'])).toBe(false)
  })

  it('pass --allow, --cgroup-parent and attestations as build-push-action does', () => {
    const builderId = 'https://github.com/acme/app/actions/runs/42/attempts/1'
    const argv = (options: Partial<BuildOptions>, extra: Partial<BuildPlan> = {}) =>
      buildxArgv(plan({ builderId, ...options }, extra), remote, 'export')
    const attests = (options: Partial<BuildOptions>, extra: Partial<BuildPlan> = {}) =>
      argv(options, extra).flatMap((arg, index, all) =>
        all[index - 1] === '--attest' ? [arg] : []
      )
    expect(argv({ allow: ['network.host'], cgroupParent: '/job' }).join(' ')).toContain(
      '--allow network.host --cgroup-parent /job'
    )
    expect(attests({ defaultProvenance: 'max' })).toEqual([
      `type=provenance,mode=max,builder-id=${builderId}`
    ])
    expect(attests({ defaultProvenance: 'min' })).toEqual([
      `type=provenance,mode=min,inline-only=true,builder-id=${builderId}`
    ])
    // Not into the engine, not where the user names provenance, not on an old BuildKit.
    expect(attests({ defaultProvenance: 'max' }, { load: true })).toEqual([])
    expect(attests({ defaultProvenance: 'max', outputs: ['type=docker'] })).toEqual([])
    expect(
      buildxArgv(plan({ defaultProvenance: 'max' }), { ...remote, defaultProvenance: false })
    ).not.toContain('--attest')
    expect(attests({ provenance: 'true', defaultProvenance: 'max' })).toEqual([
      `type=provenance,builder-id=${builderId}`
    ])
    expect(attests({ provenance: 'mode=max,builder-id=mine' })).toEqual([
      'type=provenance,mode=max,builder-id=mine'
    ])
    expect(
      attests({
        sbom: 'false',
        attests: ['type=provenance,mode=min', 'type=sbom,generator=x', 'type=custom,true']
      })
    ).toEqual([
      'type=sbom,disabled=true',
      `type=provenance,mode=min,builder-id=${builderId}`,
      'type=custom,disabled=false'
    ])
  })
})

describe('secret files', () => {
  it('hold inline values, readable by this user only, and go away; environment values stay in the environment', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sizegate-secrets-'))
    const files = await writeSecretFiles(
      [
        { id: '../../etc/passwd', from: 'value', value: 'v1' },
        { id: 'env', from: 'env', variable: 'TOKEN' },
        { id: 'file', from: 'file', file: '/x/npmrc' }
      ],
      dir,
      { TOKEN: 'v2' }
    )
    const [inline, env, file] = files.mounts
    if (!('file' in inline)) throw new Error('an inline secret is a file')
    expect(path.dirname(inline.file).startsWith(dir)).toBe(true)
    expect(readFileSync(inline.file, 'utf8')).toBe('v1')
    expect(statSync(inline.file).mode & 0o777).toBe(0o600)
    expect(statSync(path.dirname(inline.file)).mode & 0o777).toBe(0o700)
    // As build-push-action passes it: the builder's client reads the variable.
    expect(env).toEqual({ id: 'env', env: 'TOKEN' })
    expect(file).toEqual({ id: 'file', file: '/x/npmrc' })
    await files.remove()
    expect(statSync(path.dirname(inline.file), { throwIfNoEntry: false })).toBeUndefined()
  })
})

describe('bake targets', () => {
  const shared = {
    cache: 'gha' as const,
    cacheMode: 'max' as const,
    push: true,
    noCache: false,
    baseline: 'auto' as const,
    options: { ...noBuildOptions(), labels: ['from=step'] },
    baselineImages: [],
    platforms: [],
    load: false,
    verifyFixes: false
  }

  it('unfolds groups in order, each target once', () => {
    const definition = {
      group: { default: { targets: ['web', 'all'] }, all: { targets: ['api', 'web'] } },
      target: { api: {}, web: {} }
    }
    expect(bakeTargetNames(definition, [])).toEqual(['web', 'api'])
    expect(bakeTargetNames(definition, ['api'])).toEqual(['api'])
    expect(bakeTargetNames({ target: { only: {} } }, [])).toEqual(['only'])
  })

  it('become builds with their own context, Dockerfile, stage, args, tags and options', () => {
    const config = bakeBuildConfig(
      'api',
      {
        context: 'services/api',
        dockerfile: 'docker/Dockerfile',
        target: 'runtime',
        args: { NODE: '20', DROPPED: null },
        labels: { team: 'core' },
        tags: ['r/api:1'],
        contexts: { shared: 'libs/shared', alpine: 'docker-image://alpine:3.20' },
        secret: ['id=npm,src=.npmrc', 'id=token,env=TOKEN'],
        'cache-to': ['type=registry,ref=r/api:cache']
      },
      shared,
      '/w'
    )
    expect(config).toMatchObject({
      context: '/w/services/api',
      file: '/w/services/api/docker/Dockerfile',
      targets: ['runtime'],
      buildArgs: [{ name: 'NODE', value: '20' }],
      tags: ['r/api:1'],
      push: true,
      id: 'bake/api',
      bakeTarget: 'api'
    })
    expect(config.options).toMatchObject({
      labels: ['from=step', 'team=core'],
      buildContexts: ['shared=/w/libs/shared', 'alpine=docker-image://alpine:3.20'],
      secrets: [
        { id: 'npm', from: 'file', file: '/w/.npmrc' },
        { id: 'token', from: 'env', variable: 'TOKEN' }
      ],
      cacheTo: ['type=registry,ref=r/api:cache']
    })
    // Nothing to push to: a target without tags is built and measured only.
    expect(bakeBuildConfig('x', {}, shared, '/w').push).toBe(false)
  })

  it('refuses what sizegate cannot measure, naming the target', () => {
    expect(() => bakeBuildConfig('api', { 'dockerfile-inline': 'FROM x' }, shared, '/w')).toThrow(
      'bake: target "api" has an inline Dockerfile'
    )
  })
})
