import * as core from '@actions/core'
import { statSync } from 'node:fs'
import * as path from 'node:path'
import { InputError } from './errors.js'
import { Inputs } from './inputs.js'
import type { GateConfig } from './report/gate.js'
import { parseIncreaseLimit, parseSize } from './report/limits.js'

export type CacheBackend = 'gha' | 'none'
export type CacheMode = 'max' | 'min'
export type Network = 'default' | 'none' | 'host'

export interface BuildArg {
  name: string
  value: string
}

export type BaselineMode = 'auto' | 'cache' | 'build' | 'none'
export type CommentMode = 'auto' | 'always' | 'on-change' | 'never'

/** What to build and how; the inputs of `mode: build`. */
export interface BuildConfig {
  /** Absolute path of the build context folder. */
  context: string
  /** Absolute path of the Dockerfile. */
  file: string
  /** Stages to build; empty means the Dockerfile's last stage. */
  targets: string[]
  buildArgs: BuildArg[]
  tags: string[]
  builder?: string
  network?: Network
  platform?: string
  cache: CacheBackend
  cacheMode: CacheMode
  cacheScope?: string
  push: boolean
  noCache: boolean
  /** Where a pull request's base numbers come from. */
  baseline: BaselineMode
  /** The user's name for the image, in place of the derived identity. */
  id?: string
}

/** How reports are judged and published, in either mode. */
export interface PublishConfig {
  gate: GateConfig
  comment: CommentMode
  /** mode comment: put the verdict on the PR's head commit as a status. */
  commitStatus: boolean
  /** A label that accepts a crossing when a reviewer puts it on the PR. */
  allowIncreaseLabel?: string
  token: string
}

export type Config =
  | { mode: 'build'; build: BuildConfig; publish: PublishConfig }
  | { mode: 'comment'; reports: string[]; baseline: BaselineMode; publish: PublishConfig }

/** Reads one input's raw text; '' when it is not set. */
export type InputReader = (name: string) => string

const STAGE_NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/
const ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const BUILDER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/
const CACHE_SCOPE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/
const IMAGE_ID = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,127}$/
// GitHub's label names: up to 50 characters on one line.
const LABEL = /^[^\n\r]{1,50}$/
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/
// [registry[:port]/]name[/name…][:tag], names lowercase as a registry requires.
const IMAGE_REF =
  /^(?:[A-Za-z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$/
const TRUE = ['true', 'True', 'TRUE']
const FALSE = ['false', 'False', 'FALSE']

/** A list input: one item per line or comma-separated, blanks dropped. */
export function parseList(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map(item => item.trim())
    .filter(item => item !== '')
}

export function parseBoolean(input: string, raw: string, fallback: boolean): boolean {
  const value = raw.trim()
  if (value === '') return fallback
  if (TRUE.includes(value)) return true
  if (FALSE.includes(value)) return false
  throw new InputError(input, raw, 'is not a boolean; expected true or false')
}

/**
 * `KEY=VALUE` per line; the value is everything after the first `=` and may hold
 * `=`, commas, quotes and spaces. `KEY` alone takes its value from the environment,
 * as docker does; when the environment has none it is left out.
 */
export function parseBuildArgs(raw: string, env: NodeJS.ProcessEnv): BuildArg[] {
  const args: BuildArg[] = []
  for (const line of raw.split(/\r?\n/)) {
    if (line.trim() === '') continue
    const eq = line.indexOf('=')
    const name = (eq === -1 ? line : line.slice(0, eq)).trim()
    if (!ARG_NAME.test(name)) {
      throw new InputError(
        Inputs.buildArgs,
        line,
        'is not a build arg; expected KEY=VALUE (or KEY alone) with KEY made of letters, digits and _'
      )
    }
    if (args.some(arg => arg.name === name)) {
      throw new InputError(Inputs.buildArgs, name, 'is given twice; expected each KEY once')
    }
    if (eq !== -1) {
      args.push({ name, value: line.slice(eq + 1) })
    } else if (env[name] !== undefined) {
      args.push({ name, value: env[name] as string })
    } else {
      core.warning(`${Inputs.buildArgs}: ${name} is not set in the environment; it is not passed`)
    }
  }
  return args
}

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

function existing(
  input: string,
  raw: string,
  base: string,
  kind: 'file' | 'directory',
  what: string
): string {
  const resolved = path.resolve(base, raw)
  const stats = statSync(resolved, { throwIfNoEntry: false })
  const ok = kind === 'file' ? stats?.isFile() : stats?.isDirectory()
  if (!ok) throw new InputError(input, raw, `is not a ${kind}; expected ${what}`)
  return resolved
}

/** A list input whose every item must match `pattern`; duplicates dropped. */
function parsePatternList(input: string, raw: string, pattern: RegExp, expected: string): string[] {
  const items = parseList(raw)
  for (const item of items) {
    if (!pattern.test(item)) throw new InputError(input, item, expected)
  }
  return [...new Set(items)]
}

function parseTargets(raw: string): string[] {
  return parsePatternList(
    Inputs.targets,
    raw,
    STAGE_NAME,
    'is not a stage name; expected names like "production", one per line or comma-separated'
  )
}

function parseTags(raw: string): string[] {
  return parsePatternList(
    Inputs.tags,
    raw,
    IMAGE_REF,
    'is not an image reference; expected [registry/]name[:tag] in lowercase, like ghcr.io/org/app:1.2'
  )
}

/** Parses and validates every input; `cwd` is the workspace that relative paths start from. */
export function parseBuildConfig(
  read: InputReader,
  env: NodeJS.ProcessEnv,
  cwd: string
): BuildConfig {
  const contextRaw = read(Inputs.context).trim() || '.'
  const context = existing(Inputs.context, contextRaw, cwd, 'directory', 'the build context folder')
  const fileRaw = read(Inputs.file).trim()
  const file = fileRaw
    ? existing(Inputs.file, fileRaw, cwd, 'file', 'the path of a Dockerfile')
    : existing(Inputs.file, path.join(contextRaw, 'Dockerfile'), cwd, 'file', 'a Dockerfile')
  const platform = optional(
    read,
    Inputs.platform,
    PLATFORM,
    'is not one platform; expected os/arch[/variant] like linux/amd64 (the image is measured, so one platform per run)'
  )
  const push = parseBoolean(Inputs.push, read(Inputs.push), false)
  const tags = parseTags(read(Inputs.tags))
  if (push && tags.length === 0) {
    throw new InputError(Inputs.tags, '', 'is empty; expected at least one tag to push to')
  }
  return {
    context,
    file,
    targets: parseTargets(read(Inputs.targets)),
    buildArgs: parseBuildArgs(read(Inputs.buildArgs), env),
    tags,
    builder: optional(
      read,
      Inputs.builder,
      BUILDER_NAME,
      'is not a builder name; expected the name of a buildx builder'
    ),
    network: oneOf(read, Inputs.network, ['default', 'none', 'host'] as const),
    platform,
    cache: oneOf(read, Inputs.cache, ['gha', 'none'] as const, 'gha'),
    cacheMode: oneOf(read, Inputs.cacheMode, ['max', 'min'] as const, 'max'),
    cacheScope: optional(
      read,
      Inputs.cacheScope,
      CACHE_SCOPE,
      'is not a cache scope; expected letters, digits, ".", "_" and "-"'
    ),
    push,
    noCache: parseBoolean(Inputs.noCache, read(Inputs.noCache), false),
    baseline: parseBaselineMode(read),
    id: optional(
      read,
      Inputs.id,
      IMAGE_ID,
      'is not an image id; expected letters, digits, ".", "_", "-" and "/", like api or services/web'
    )
  }
}

function parseGate(read: InputReader): GateConfig {
  const increaseRaw = read(Inputs.maxIncrease).trim()
  const maxIncrease = increaseRaw ? parseIncreaseLimit(increaseRaw) : undefined
  if (increaseRaw && !maxIncrease) {
    throw new InputError(
      Inputs.maxIncrease,
      increaseRaw,
      'is not a limit; expected a percent (10%), a size (5MB) or both (10%, 5MB)'
    )
  }
  const sizeRaw = read(Inputs.maxSize).trim()
  const maxSize = sizeRaw ? parseSize(sizeRaw) : undefined
  if (sizeRaw && maxSize === undefined) {
    throw new InputError(
      Inputs.maxSize,
      sizeRaw,
      'is not a size; expected a number with B, kB, MB, GB (decimal) or KiB, MiB, GiB, like 150MB'
    )
  }
  return {
    metric: oneOf(read, Inputs.sizeMetric, ['compressed', 'uncompressed'] as const, 'compressed'),
    maxIncrease,
    maxSize
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

/** Parses and validates every input of the mode asked for. */
export function parseConfig(read: InputReader, env: NodeJS.ProcessEnv, cwd: string): Config {
  const mode = oneOf(read, Inputs.mode, ['build', 'comment'] as const, 'build')
  const publish = parsePublish(read)
  if (mode === 'build') return { mode, build: parseBuildConfig(read, env, cwd), publish }
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
  return { mode, reports, baseline: parseBaselineMode(read), publish }
}

/** The action's inputs, from the runner's environment. */
export function readConfig(): Config {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  // Untrimmed: a build arg's value may end in spaces; each parser trims what it must.
  return parseConfig(name => core.getInput(name, { trimWhitespace: false }), process.env, workspace)
}
