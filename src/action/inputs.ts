import * as core from '@actions/core'
import { statSync } from 'node:fs'
import * as path from 'node:path'
import { parseBuildOptions } from './build-options.js'
import { InputError } from '../errors.js'
import { Inputs } from '../input-names.js'
import {
  type InputReader,
  parseBoolean,
  parseInputList,
  parseLines,
  parseList,
  STAGE_NAME
} from './input-text.js'
import type { GateConfig } from '../report/gate.js'
import {
  buildFiles,
  checkBaselineCount,
  existing,
  parseBuildArgs,
  type BakeConfig,
  type BaselineMode,
  type BuildConfig,
  type ImageConfig,
  type PublishConfig,
  type Request,
  type SharedBuildConfig
} from '../request.js'
import {
  growthProblem,
  increaseProblem,
  parseGrowthLimit,
  parseIncreaseLimit,
  parseSize,
  sizeProblem
} from '../report/limits.js'

const BAKE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/
const BUILDER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/
const CACHE_SCOPE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/
const IMAGE_ID = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,127}$/
// GitHub's label names: up to 50 characters on one line.
const LABEL = /^[^\n\r]{1,50}$/
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/
// [registry[:port]/]name[/name…][:tag], names lowercase as a registry requires.
const IMAGE_REF =
  /^(?:[A-Za-z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$/

function optional(
  read: InputReader,
  input: string,
  pattern: RegExp,
  expected: string
): string | undefined {
  const value = read(input).trim()
  if (value === '') return undefined
  if (!pattern.test(value)) throw new InputError(input, value, expected)
  return value
}

function oneOf<T extends string>(
  read: InputReader,
  input: string,
  allowed: readonly T[],
  fallback: T
): T
function oneOf<T extends string>(
  read: InputReader,
  input: string,
  allowed: readonly T[]
): T | undefined
function oneOf<T extends string>(
  read: InputReader,
  input: string,
  allowed: readonly T[],
  fallback?: T
): T | undefined {
  const value = read(input).trim()
  if (value === '') return fallback
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(input, value, `is not allowed; expected one of ${allowed.join(', ')}`)
  }
  return value as T
}

/** A list input whose every item must match `pattern`; duplicates dropped. */
function parsePatternList(input: string, raw: string, pattern: RegExp, expected: string): string[] {
  const items = parseList(raw)
  for (const item of items) {
    if (!pattern.test(item)) throw new InputError(input, item, expected)
  }
  return [...new Set(items)]
}

/** An input or its alias (one of build-push-action's names); both at once are refused. */
function eitherOf(read: InputReader, input: string, alias: string): { input: string; raw: string } {
  const [raw, aliased] = [read(input).trim(), read(alias).trim()]
  if (raw && aliased)
    throw new InputError(alias, aliased, `is given with ${input}; expected one of the two`)
  return aliased ? { input: alias, raw: aliased } : { input, raw }
}

/** `targets`, or build-push-action's `target`: one name only, as it takes it. */
function targetNames(
  read: InputReader,
  pattern: RegExp,
  names: { what: string; like: string }
): string[] {
  const given = eitherOf(read, Inputs.targets, Inputs.target)
  if (given.input === Inputs.targets)
    return parsePatternList(
      Inputs.targets,
      given.raw,
      pattern,
      `is not ${names.what}; expected names like ${names.like}, one per line or comma-separated`
    )
  if (!pattern.test(given.raw))
    throw new InputError(
      Inputs.target,
      given.raw,
      `is not ${names.what}; expected one name like ${names.like}, as build-push-action takes it (several go in ${Inputs.targets})`
    )
  return [given.raw]
}

function parseTags(raw: string): string[] {
  return parsePatternList(
    Inputs.tags,
    raw,
    IMAGE_REF,
    'is not an image reference; expected [registry/]name[:tag] in lowercase, like ghcr.io/org/app:1.2'
  )
}

/** A reference to measure: a tag, a tag or name pinned by digest, or an engine's image id. */
const MEASURED_IMAGE = new RegExp(
  `${IMAGE_REF.source.slice(0, -1)}(?:@sha256:[0-9a-f]{64})?$|^(?:sha256:)?[0-9a-f]{12,64}$`
)
const IMAGE_EXPECTED =
  'is not an image reference; expected [registry/]name[:tag][@sha256:digest], like ghcr.io/org/app:main, one per line'

function parseBaselineImages(read: InputReader): string[] {
  return parsePatternList(
    Inputs.baselineImage,
    read(Inputs.baselineImage),
    MEASURED_IMAGE,
    IMAGE_EXPECTED
  )
}

/** `id`: the user's name for an image, in place of the derived identity. */
function parseId(read: InputReader): string | undefined {
  return optional(
    read,
    Inputs.id,
    IMAGE_ID,
    'is not an image id; expected letters, digits, ".", "_", "-" and "/", like api or services/web'
  )
}

/** Fails on the first of `inputs` that is set: it has no meaning for the source asked for. */
function refuseInputs(read: InputReader, inputs: string[], expected: string): void {
  for (const input of inputs) {
    const given = read(input).trim()
    if (given) throw new InputError(input, given, expected)
  }
}

/** `image`: what to measure instead of building; inputs that only a build uses are refused. */
function parseImageConfig(read: InputReader, cwd: string): ImageConfig {
  const images = parsePatternList(Inputs.image, read(Inputs.image), MEASURED_IMAGE, IMAGE_EXPECTED)
  const measuredOnly = `is for a build; with ${Inputs.image} nothing is built, so leave it out`
  refuseInputs(
    read,
    [Inputs.targets, Inputs.target, Inputs.tags, Inputs.secrets, Inputs.cacheTo],
    measuredOnly
  )
  if (parseBoolean(Inputs.push, read(Inputs.push), false))
    throw new InputError(Inputs.push, read(Inputs.push), measuredOnly)
  const fileRaw = read(Inputs.file).trim()
  const baselineImages = parseBaselineImages(read)
  checkBaselineCount(baselineImages, images.length, Inputs.image)
  return {
    images,
    file: fileRaw
      ? existing(Inputs.file, fileRaw, cwd, 'file', 'the Dockerfile the images were built from')
      : undefined,
    id: parseId(read),
    baseline: parseBaselineMode(read),
    baselineImages
  }
}

/** `platforms` (build-push-action's name), or its alias `platform`: one or several, each measured. */
function parsePlatforms(read: InputReader): string[] {
  const given = eitherOf(read, Inputs.platforms, Inputs.platform)
  return parsePatternList(
    given.input,
    given.raw,
    PLATFORM,
    'is not a platform; expected os/arch[/variant] like linux/amd64, one per line or comma-separated'
  )
}

/** The inputs every build of a step shares, whatever its Dockerfile. */
function parseSharedBuildConfig(
  read: InputReader,
  env: NodeJS.ProcessEnv,
  cwd: string
): SharedBuildConfig {
  return {
    builder: optional(
      read,
      Inputs.builder,
      BUILDER_NAME,
      'is not a builder name; expected the name of a buildx builder'
    ),
    network: oneOf(read, Inputs.network, ['default', 'none', 'host'] as const),
    platforms: parsePlatforms(read),
    load: parseBoolean(Inputs.load, read(Inputs.load), false),
    cache: oneOf(read, Inputs.cache, ['gha', 'none'] as const, 'gha'),
    cacheMode: oneOf(read, Inputs.cacheMode, ['max', 'min'] as const, 'max'),
    cacheScope: optional(
      read,
      Inputs.cacheScope,
      CACHE_SCOPE,
      'is not a cache scope; expected letters, digits, ".", "_" and "-"'
    ),
    push: parseBoolean(Inputs.push, read(Inputs.push), false),
    noCache: parseBoolean(Inputs.noCache, read(Inputs.noCache), false),
    baseline: parseBaselineMode(read),
    id: parseId(read),
    options: parseBuildOptions(read, env, cwd),
    baselineImages: parseBaselineImages(read),
    verifyFixes: parseBoolean(Inputs.verifyFixes, read(Inputs.verifyFixes), false)
  }
}

/** Parses and validates every input; `cwd` is the workspace that relative paths start from. */
export function parseBuildConfig(
  read: InputReader,
  env: NodeJS.ProcessEnv,
  cwd: string
): BuildConfig {
  const files = buildFiles(read(Inputs.context).trim() || '.', read(Inputs.file).trim(), cwd)
  const shared = parseSharedBuildConfig(read, env, cwd)
  const tags = parseTags(read(Inputs.tags))
  if (shared.push && tags.length === 0) {
    throw new InputError(Inputs.tags, '', 'is empty; expected at least one tag to push to')
  }
  const targets = targetNames(read, STAGE_NAME, { what: 'a stage name', like: '"production"' })
  const images = Math.max(targets.length, 1) * Math.max(shared.platforms.length, 1)
  checkBaselineCount(shared.baselineImages, images, `${Inputs.targets} × ${Inputs.platforms}`)
  return {
    ...shared,
    ...files,
    targets,
    buildArgs: parseBuildArgs(
      parseInputList(Inputs.buildArgs, read(Inputs.buildArgs), { wholeLines: true }),
      env
    ),
    tags
  }
}

/** `bake`: the files and the targets or groups to build; each target says its own Dockerfile, args and tags. */
function parseBakeConfig(read: InputReader, env: NodeJS.ProcessEnv, cwd: string): BakeConfig {
  const files = parseLines(read(Inputs.bake)).map(file =>
    existing(Inputs.bake, file, cwd, 'file', 'a bake file (docker-bake.hcl, .json or compose file)')
  )
  refuseInputs(
    read,
    [Inputs.context, Inputs.file, Inputs.buildArgs, Inputs.tags],
    `is set in the bake file with ${Inputs.bake}; leave it out here`
  )
  const targets = targetNames(read, BAKE_NAME, {
    what: 'a bake target or group',
    like: '"api" or "default"'
  })
  return { files, targets, shared: parseSharedBuildConfig(read, env, cwd) }
}

/** A limit input: its value parsed, undefined when empty, else an error saying what is expected. */
function limitInput<T>(
  read: InputReader,
  name: string,
  parse: (text: string) => T | undefined,
  problem: (text: string) => string
): T | undefined {
  const raw = read(name).trim()
  if (!raw) return undefined
  const value = parse(raw)
  if (value === undefined) throw new InputError(name, raw, problem(raw))
  return value
}

function parseGate(read: InputReader): GateConfig {
  return {
    metric: oneOf(read, Inputs.sizeMetric, ['compressed', 'uncompressed'] as const, 'compressed'),
    maxIncrease: limitInput(read, Inputs.maxIncrease, parseIncreaseLimit, increaseProblem),
    maxOwnIncrease: limitInput(read, Inputs.maxOwnIncrease, parseIncreaseLimit, increaseProblem),
    maxSize: limitInput(read, Inputs.maxSize, parseSize, sizeProblem),
    maxUpdate: limitInput(read, Inputs.maxUpdate, parseSize, sizeProblem),
    maxGrowth: limitInput(read, Inputs.maxGrowth, parseGrowthLimit, growthProblem)
  }
}

function parseBaselineMode(read: InputReader): BaselineMode {
  return oneOf(read, Inputs.baseline, ['auto', 'cache', 'build', 'none'] as const, 'auto')
}

function parsePublish(read: InputReader): PublishConfig {
  return {
    gate: parseGate(read),
    comment: oneOf(read, Inputs.comment, ['auto', 'always', 'on-change', 'never'] as const, 'auto'),
    commitStatus: parseBoolean(Inputs.commitStatus, read(Inputs.commitStatus), true),
    allowIncreaseLabel: optional(
      read,
      Inputs.allowIncreaseLabel,
      LABEL,
      'is not a label name; expected one line of at most 50 characters'
    ),
    token: read(Inputs.githubToken).trim()
  }
}

/** Parses and validates every input of the mode and source asked for. */
export function parseRequest(read: InputReader, env: NodeJS.ProcessEnv, cwd: string): Request {
  const mode = oneOf(read, Inputs.mode, ['build', 'comment'] as const, 'build')
  const publish = parsePublish(read)
  if (mode === 'build' && read(Inputs.image).trim())
    return { source: 'images', image: parseImageConfig(read, cwd), publish }
  if (mode === 'build' && read(Inputs.bake).trim())
    return { source: 'bake', bake: parseBakeConfig(read, env, cwd), publish }
  if (mode === 'build')
    return { source: 'dockerfile', build: parseBuildConfig(read, env, cwd), publish }
  const reports = parseList(read(Inputs.report)).map(report => path.resolve(cwd, report))
  if (reports.length === 0) {
    throw new InputError(
      Inputs.report,
      '',
      'is empty; mode: comment posts a report, so name its file (or a folder of them)'
    )
  }
  for (const [index, report] of reports.entries()) {
    if (!statSync(report, { throwIfNoEntry: false })) {
      throw new InputError(
        Inputs.report,
        parseList(read(Inputs.report))[index],
        'does not exist; expected a report JSON file or a folder of them'
      )
    }
  }
  return { source: 'reports', reports, baseline: parseBaselineMode(read), publish }
}

/** The action's inputs, from the runner's environment, as a request. */
export function readRequest(workspace: string): Request {
  // Untrimmed: a build arg's value may end in spaces; each parser trims what it must.
  return parseRequest(
    name => core.getInput(name, { trimWhitespace: false }),
    process.env,
    workspace
  )
}
