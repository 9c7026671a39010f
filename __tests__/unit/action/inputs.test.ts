import { describe, expect, it, beforeAll, afterAll } from '@jest/globals'
import { writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { parseBuildConfig, parseRequest } from '../../../src/action/inputs.js'
import { noBuildOptions, parseBuildArgs } from '../../../src/request.js'
import { parseList } from '../../../src/action/input-text.js'
import { settingsWorkspace } from '../../helpers/workspace.js'

const settings = settingsWorkspace(beforeAll, afterAll)
let workspace: string
beforeAll(() => {
  workspace = settings.path
})

function parse(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  return parseBuildConfig(name => inputs[name] ?? '', env, workspace)
}

function parseAll(inputs: Record<string, string>) {
  return parseRequest(name => inputs[name] ?? '', {}, workspace)
}

describe('parseRequest', () => {
  it('gives defaults when no input is set', () => {
    const config = parse({ context: 'app' })
    expect(config).toEqual({
      context: path.join(workspace, 'app'),
      file: path.join(workspace, 'app', 'Dockerfile'),
      targets: [],
      buildArgs: [],
      tags: [],
      builder: undefined,
      network: undefined,
      platforms: [],
      load: false,
      id: undefined,
      cache: 'gha',
      cacheMode: 'max',
      cacheScope: undefined,
      push: false,
      noCache: false,
      baseline: 'auto',
      options: noBuildOptions(),
      baselineImages: [],
      verifyFixes: false
    })
    expect(parse({ context: 'app', 'verify-fixes': 'true' }).verifyFixes).toBe(true)
  })

  it('reads every input', () => {
    const config = parse({
      context: 'app',
      file: 'Dockerfile.prod',
      targets: 'builder\nproduction, debug\nproduction',
      'build-args': 'NODE_VERSION=20\nFLAGS=--a=1,--b "two words"',
      tags: 'ghcr.io/org/app:1.2\nlocalhost:5000/app',
      builder: 'ci-builder',
      network: 'none',
      platform: 'linux/arm64/v8',
      cache: 'none',
      'cache-mode': 'min',
      'cache-scope': 'my-app',
      push: 'true',
      'no-cache': 'TRUE'
    })
    expect(config.file).toBe(path.join(workspace, 'Dockerfile.prod'))
    expect(config.targets).toEqual(['builder', 'production', 'debug'])
    // build-push-action's one target.
    expect(parse({ context: 'app', target: 'debug' }).targets).toEqual(['debug'])
    expect(config.buildArgs).toEqual([
      { name: 'NODE_VERSION', value: '20' },
      { name: 'FLAGS', value: '--a=1,--b "two words"' }
    ])
    expect(config.tags).toEqual(['ghcr.io/org/app:1.2', 'localhost:5000/app'])
    expect(config).toMatchObject({
      builder: 'ci-builder',
      network: 'none',
      platforms: ['linux/arm64/v8'],
      cache: 'none',
      cacheMode: 'min',
      cacheScope: 'my-app',
      push: true,
      noCache: true
    })
  })

  it.each([
    [
      { context: 'missing' },
      'context: "missing" is not a directory; expected the build context folder'
    ],
    [
      { context: 'app', file: 'nope/Dockerfile' },
      'file: "nope/Dockerfile" is not a file; expected the path of a Dockerfile'
    ],
    [{}, 'file: "Dockerfile" is not a file; expected a Dockerfile'],
    [{ context: 'app', targets: 'prod uction' }, 'targets: "prod uction" is not a stage name'],
    [
      { context: 'app', 'build-args': 'NO SPACES=1' },
      'build-args: "NO SPACES=1" is not a build arg; expected KEY=VALUE'
    ],
    [{ context: 'app', 'build-args': '=value' }, 'build-args: "=value" is not a build arg'],
    [
      { context: 'app', 'build-args': 'A=1\nA=2' },
      'build-args: "A" is given twice; expected each KEY once'
    ],
    [{ context: 'app', tags: 'MyApp:latest' }, 'tags: "MyApp:latest" is not an image reference'],
    [{ context: 'app', tags: 'app:bad tag' }, 'tags: "app:bad tag" is not an image reference'],
    [{ context: 'app', builder: 'bad/name' }, 'builder: "bad/name" is not a builder name'],
    [
      { context: 'app', network: 'bridge0' },
      'network: "bridge0" is not allowed; expected one of default, none, host'
    ],
    [
      { context: 'app', platforms: 'linux/amd64', platform: 'linux/arm64' },
      'platform: "linux/arm64" is given with platforms; expected one of the two'
    ],
    [
      { context: 'app', platform: 'amd64' },
      'platform: "amd64" is not a platform; expected os/arch'
    ],
    [
      { context: 'app', cache: 'registry' },
      'cache: "registry" is not allowed; expected one of gha, none'
    ],
    [
      { context: 'app', 'cache-mode': 'all' },
      'cache-mode: "all" is not allowed; expected one of max, min'
    ],
    [{ context: 'app', 'cache-scope': 'a b' }, 'cache-scope: "a b" is not a cache scope'],
    [{ context: 'app', push: 'yes' }, 'push: "yes" is not a boolean; expected true or false'],
    [{ context: 'app', 'no-cache': '1' }, 'no-cache: "1" is not a boolean; expected true or false'],
    [{ context: 'app', push: 'true' }, 'tags: "" is empty; expected at least one tag to push to'],
    [
      { context: 'app', baseline: 'latest' },
      'baseline: "latest" is not allowed; expected one of auto, cache, build, none'
    ]
  ])('rejects %j', (inputs, message) => {
    expect(() => parse(inputs)).toThrow(message)
  })
})

describe('parseBuildArgs', () => {
  it('keeps =, commas, quotes, spaces and line breaks in values', () => {
    expect(parseBuildArgs(['A=x=y', 'B= spaced ,"quoted" ', 'C=', 'D=a\nb'], {})).toEqual([
      { name: 'A', value: 'x=y' },
      { name: 'B', value: ' spaced ,"quoted" ' },
      { name: 'C', value: '' },
      { name: 'D', value: 'a\nb' }
    ])
  })

  it('takes KEY alone from the environment and leaves it out when unset', () => {
    expect(parseBuildArgs(['FROM_ENV', 'UNSET'], { FROM_ENV: 'env value' })).toEqual([
      { name: 'FROM_ENV', value: 'env value' }
    ])
  })
})

describe('parseList', () => {
  it('splits lines and commas and drops blanks', () => {
    expect(parseList(' a, b\n\nc ,')).toEqual(['a', 'b', 'c'])
  })
})

describe('parseRequest', () => {
  it('builds by default, with the gate and comment settings', () => {
    const config = parseAll({
      context: 'app',
      'max-increase': '10%, 5MB',
      'max-size': '150MB',
      'github-token': 't'
    })
    expect(config.source).toBe('dockerfile')
    expect(config.publish).toEqual({
      gate: {
        metric: 'compressed',
        maxIncrease: { percent: 10, bytes: 5_000_000 },
        maxSize: 150_000_000
      },
      comment: 'auto',
      commitStatus: true,
      allowIncreaseLabel: undefined,
      token: 't'
    })
  })

  it('reads the accept label and the commit status switch', () => {
    const publish = parseAll({
      context: 'app',
      'allow-increase-label': ' size-increase-ok ',
      'commit-status': 'false'
    }).publish
    expect(publish).toMatchObject({ allowIncreaseLabel: 'size-increase-ok', commitStatus: false })
  })

  it('reads sizes in decimal and binary units', () => {
    const gate = (inputs: Record<string, string>) =>
      parseAll({ context: 'app', ...inputs }).publish.gate
    expect(gate({ 'max-size': '1.5GiB' }).maxSize).toBe(1.5 * 1024 ** 3)
    expect(gate({ 'max-size': '200 kB' }).maxSize).toBe(200_000)
    expect(gate({ 'max-increase': '2MiB' }).maxIncrease).toEqual({ bytes: 2 * 1024 ** 2 })
    expect(gate({ 'max-increase': '5%', 'size-metric': 'uncompressed' })).toEqual({
      metric: 'uncompressed',
      maxIncrease: { percent: 5 },
      maxSize: undefined
    })
  })

  it('comment mode needs reports, not a Dockerfile', () => {
    const config = parseAll({ mode: 'comment', report: 'app/Dockerfile', baseline: 'none' })
    expect(config).toMatchObject({
      source: 'reports',
      reports: [path.join(workspace, 'app', 'Dockerfile')],
      baseline: 'none'
    })
  })

  it.each([
    [{ mode: 'deploy' }, 'mode: "deploy" is not allowed; expected one of build, comment'],
    [{ mode: 'comment' }, 'report: "" is empty; mode: comment posts a report'],
    [
      { mode: 'comment', report: 'missing.json' },
      'report: "missing.json" does not exist; expected a report JSON file or a folder of them'
    ],
    [
      { 'max-increase': '10 percent' },
      'max-increase: "10 percent" is not a limit; expected a percent (10%), a size (5MB;'
    ],
    [
      { 'max-increase': '10' },
      'max-increase: "10" has no unit on 10; expected a percent or a size, like 10% or 10MB'
    ],
    [
      { 'max-size': '150' },
      'max-size: "150" has no unit; expected a size with its unit, like 150MB or 150MiB'
    ],
    [{ 'max-increase': '10%, 20%' }, 'max-increase: "10%, 20%" is not a limit'],
    [{ target: 'a', targets: 'b' }, 'target: "a" is given with targets; expected one of the two'],
    [
      { target: 'a, b' },
      'target: "a, b" is not a stage name; expected one name like "production", as build-push-action takes it (several go in targets)'
    ],
    [
      { 'max-size': '150 megs' },
      'max-size: "150 megs" is not a size; expected a number with kB, MB, GB (decimal, as docker images prints) or KiB, MiB, GiB (or k, M, G)'
    ],
    [
      { 'size-metric': 'both' },
      'size-metric: "both" is not allowed; expected one of compressed, uncompressed'
    ],
    [
      { comment: 'sometimes' },
      'comment: "sometimes" is not allowed; expected one of auto, always, on-change, never'
    ],
    [
      { 'allow-increase-label': 'x'.repeat(51) },
      `allow-increase-label: "${'x'.repeat(51)}" is not a label name; expected one line of at most 50 characters`
    ],
    [{ 'commit-status': 'yes' }, 'commit-status: "yes"']
  ])('rejects %j', (inputs, message) => {
    expect(() => parseAll({ context: 'app', ...inputs })).toThrow(message)
  })
})

describe('image, baseline-image and bake', () => {
  it('image measures without a Dockerfile; file is only for lines', () => {
    expect(
      parseAll({ image: 'ghcr.io/org/app:pr-5\nnode@sha256:' + 'a'.repeat(64) })
    ).toMatchObject({
      source: 'images',
      image: { images: ['ghcr.io/org/app:pr-5', `node@sha256:${'a'.repeat(64)}`], file: undefined }
    })
    expect(parseAll({ image: 'app:1', file: 'Dockerfile.prod' })).toMatchObject({
      image: { file: path.join(workspace, 'Dockerfile.prod') }
    })
  })

  it('refuses what only a build uses next to image, and baseline images that do not pair', () => {
    expect(() => parseAll({ image: 'app:1', targets: 'api' })).toThrow(
      'targets: "api" is for a build; with image nothing is built, so leave it out'
    )
    expect(() => parseAll({ image: 'app:1', push: 'true' })).toThrow('push: "true" is for a build')
    expect(() => parseAll({ image: 'Bad Ref' })).toThrow(
      'image: "Bad Ref" is not an image reference'
    )
    expect(() => parseAll({ image: 'a:1\nb:1', 'baseline-image': 'r/a:main' })).toThrow(
      'baseline-image: "r/a:main" names 1 images for 2 measured (image); expected one per image, in the same order'
    )
    expect(() =>
      parseAll({ context: 'app', targets: 'a, b', 'baseline-image': 'r/a:main' })
    ).toThrow('names 1 images for 2 measured (targets × platforms)')
  })

  it('bake takes its files and targets; Dockerfile, context, args and tags live in the bake file', () => {
    writeFileSync(path.join(workspace, 'docker-bake.hcl'), 'target "a" {}\n')
    expect(parseAll({ bake: 'docker-bake.hcl', targets: 'default, api' })).toMatchObject({
      source: 'bake',
      bake: { files: [path.join(workspace, 'docker-bake.hcl')], targets: ['default', 'api'] }
    })
    expect(() => parseAll({ bake: 'docker-bake.hcl', 'build-args': 'A=1' })).toThrow(
      'build-args: "A=1" is set in the bake file with bake; leave it out here'
    )
    expect(() => parseAll({ bake: 'missing.hcl' })).toThrow('bake: "missing.hcl" is not a file')
  })
})
