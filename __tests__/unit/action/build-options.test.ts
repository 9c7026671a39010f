import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { buildxArgv, dockerBuildArgv, unsupportedOption } from '../../../src/buildx/argv.js'
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
  annotationFlag: false
}
const newBuildx: Builder = { ...remote, pushWithLoad: true, annotationFlag: true }
const engine: Builder = { kind: 'docker', ghaCache: false, cacheExport: false, pushWithLoad: true }
const legacy: Builder = { kind: 'legacy', ghaCache: false, cacheExport: false, pushWithLoad: true }

describe('build-push-action inputs', () => {
  it('reads each with its syntax: secrets by line with = in values, lists, booleans', () => {
    const options = parseBuildOptions(
      reader({
        secrets: 'GIT_AUTH_TOKEN=abc=def, "x"\nother=2',
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
        'no-cache-filters': 'deps, build'
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
      noCacheFilters: ['deps', 'build']
    })
    expect(secretValuesOf(options, { AWS_KEY: 'k3y' })).toEqual(['abc=def, "x"', '2', 'k3y'])
  })

  it('names the input and never the secret in its errors', () => {
    const parse = (inputs: Record<string, string>) => () =>
      parseBuildOptions(reader(inputs), {}, workspace)
    expect(parse({ secrets: 's3cr3t-without-id' })).toThrow(
      /^secrets: "\(no key\)" is not a secret line/
    )
    expect(parse({ secrets: 's3cr3t-without-id' })).not.toThrow(/s3cr3t/)
    expect(parse({ 'secret-envs': 'a=MISSING' })).toThrow(
      'secret-envs: "MISSING" is not a set environment variable'
    )
    expect(parse({ 'secret-files': 'a=nope.txt' })).toThrow(
      'secret-files: "nope.txt" is not a file'
    )
    expect(parse({ secrets: 'a=1', 'secret-files': 'a=npmrc' })).toThrow(
      /"a" is a secret id given twice/
    )
    expect(parse({ 'shm-size': 'lots' })).toThrow('shm-size: "lots" is not a size')
    expect(parse({ pull: 'yes' })).toThrow('pull: "yes" is not a boolean')
    expect(parse({ 'build-contexts': 'just-a-path' })).toThrow('build-contexts: "just-a-path"')
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
    expect(argv).toContain('--provenance=false')
    expect(argv.join(' ')).toContain('--secret id=token,"src=/tmp/run,1/secret-0"')
    expect(argv.join(' ')).toContain(
      '--cache-from type=registry,ref=r/app:cache --cache-to type=registry,ref=r/app:cache'
    )
    expect(buildxArgv(plan(options, { exportCache: false }), remote)).not.toContain('--cache-to')
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
    const classicEngine = { ...remote, driver: 'docker', cacheExport: false }
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
  })
})

describe('secret files', () => {
  it('hold inline and environment values, readable by this user only, and go away', async () => {
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
    expect(path.dirname(inline.file).startsWith(dir)).toBe(true)
    expect(readFileSync(inline.file, 'utf8')).toBe('v1')
    expect(readFileSync(env.file, 'utf8')).toBe('v2')
    expect(statSync(inline.file).mode & 0o777).toBe(0o600)
    expect(statSync(path.dirname(inline.file)).mode & 0o777).toBe(0o700)
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
