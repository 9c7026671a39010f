import { statSync } from 'node:fs'
import * as path from 'node:path'
import { Inputs } from './input-names.js'
import { InputError } from './errors.js'
import { log } from './log.js'
import type { GateConfig } from './report/gate.js'

/** A build secret: its id, and where its value comes from. */
export type BuildSecret =
  | { id: string; from: 'value'; value: string }
  | { id: string; from: 'env'; variable: string }
  | { id: string; from: 'file'; file: string }

/**
 * The build inputs of docker/build-push-action that sizegate passes on as they
 * are, with the same names and syntax.
 */
export interface BuildOptions {
  secrets: BuildSecret[]
  /** `default`, or `id=path` of an agent socket or keys. */
  ssh: string[]
  labels: string[]
  annotations: string[]
  /** `name=source` of each named context. */
  buildContexts: string[]
  /** Caches beside (or instead of) the gha cache, in buildx's CSV syntax. */
  cacheFrom: string[]
  cacheTo: string[]
  pull: boolean
  /** The `provenance` input: true, false, or attributes (`mode=max`). */
  provenance?: string
  sbom?: string
  /** --attest entries; `provenance` and `sbom` win over an entry of their type. */
  attests: string[]
  /** Entitlements (--allow), e.g. network.host. */
  allow: string[]
  cgroupParent?: string
  /**
   * A build method other than build (check, outline, targets, with its options):
   * buildx answers it instead of making an image, so nothing is measured.
   */
  call?: string
  /** The user's --output entries, delivered beside the image sizegate measures. */
  outputs: string[]
  /** The run that builds, as provenance's builder-id (the action's run URL). */
  builderId?: string
  /**
   * Provenance where no input sets one, as build-push-action decides it (min for a
   * private repository; none with BUILDX_NO_DEFAULT_ATTESTATIONS). Undefined
   * leaves it to buildx, as the CLI does.
   */
  defaultProvenance?: 'max' | 'min'
  addHosts: string[]
  shmSize?: string
  ulimits: string[]
  noCacheFilters: string[]
}

type CacheBackend = 'gha' | 'none'
export type CacheMode = 'max' | 'min'
export type Network = 'default' | 'none' | 'host'

export interface BuildArg {
  name: string
  value: string
}

export type BaselineMode = 'auto' | 'cache' | 'build' | 'none'
type CommentMode = 'auto' | 'always' | 'on-change' | 'never'

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
  /** Platforms to build, each measured and reported; empty builds the runner's. */
  platforms: string[]
  /** Load the image into the engine though the builder exports it (a later step uses it). */
  load: boolean
  cache: CacheBackend
  cacheMode: CacheMode
  cacheScope?: string
  push: boolean
  noCache: boolean
  /** Where a pull request's base numbers come from. */
  baseline: BaselineMode
  /** The user's name for the image, in place of the derived identity. */
  id?: string
  /** build-push-action's inputs, passed on to the build. */
  options: BuildOptions
  /** Registry images whose numbers stand for the base, one per target, in order. */
  baselineImages: string[]
  /** The bake target this build is, which names its report. */
  bakeTarget?: string
  /** Build each fix of the Dockerfile (and all together) and measure what it saves. */
  verifyFixes: boolean
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

/** What every build of a step shares; a Dockerfile build adds its context, file, stages, args and tags. */
export type SharedBuildConfig = Omit<
  BuildConfig,
  'context' | 'file' | 'targets' | 'buildArgs' | 'tags' | 'bakeTarget'
>

/** `bake`: builds that `docker buildx bake --print` describes. */
export interface BakeConfig {
  files: string[]
  /** Targets or groups; none is the default group. */
  targets: string[]
  shared: SharedBuildConfig
}

/** Images another step built, measured as they are: the inputs of `image`. */
export interface ImageConfig {
  images: string[]
  /** Absolute path of the Dockerfile that built them, for layer lines and hints. */
  file?: string
  id?: string
  baseline: BaselineMode
  baselineImages: string[]
}

/** What a run is asked to do, whichever shell asked: where its images come from, and how to publish. */
export type Request =
  | { source: 'dockerfile'; build: BuildConfig; publish: PublishConfig }
  | { source: 'images'; image: ImageConfig; publish: PublishConfig }
  | { source: 'bake'; bake: BakeConfig; publish: PublishConfig }
  | { source: 'reports'; reports: string[]; baseline: BaselineMode; publish: PublishConfig }

export type DockerfileRequest = Extract<Request, { source: 'dockerfile' }>

/** A build of a local Dockerfile, as the command line names it. */
export interface LocalBuild {
  context: string
  /** The Dockerfile; `<context>/Dockerfile` when not given. */
  file?: string
  targets: string[]
  /** `KEY=VALUE` (or `KEY`) each. */
  buildArgs: string[]
  network?: Network
  /** Build each fix of the Dockerfile and measure what it saves (`sizegate fix`). */
  verifyFixes: boolean
}

/** The build context folder and the Dockerfile (by default the context's), resolved from `cwd`. */
export function buildFiles(
  contextRaw: string,
  fileRaw: string,
  cwd: string
): { context: string; file: string } {
  const context = existing(Inputs.context, contextRaw, cwd, 'directory', 'the build context folder')
  const file = fileRaw
    ? existing(Inputs.file, fileRaw, cwd, 'file', 'the path of a Dockerfile')
    : existing(Inputs.file, path.join(contextRaw, 'Dockerfile'), cwd, 'file', 'a Dockerfile')
  return { context, file }
}

/**
 * The request of a local build: the action's Dockerfile build with none of what a
 * CI run has (no cache service, registry, baseline, comment or token).
 */
export function localBuildRequest(
  local: LocalBuild,
  env: NodeJS.ProcessEnv,
  cwd: string
): DockerfileRequest {
  const build: BuildConfig = {
    ...buildFiles(local.context, local.file ?? '', cwd),
    targets: local.targets,
    // One per argument: a value may hold anything but a line break.
    buildArgs: parseBuildArgs(local.buildArgs, env, '--build-arg'),
    tags: [],
    network: local.network,
    platforms: [],
    load: false,
    cache: 'none',
    cacheMode: 'min',
    push: false,
    noCache: false,
    baseline: 'none',
    options: noBuildOptions(),
    baselineImages: [],
    verifyFixes: local.verifyFixes
  }
  const publish: PublishConfig = {
    gate: { metric: 'compressed' },
    comment: 'never',
    commitStatus: false,
    token: ''
  }
  return { source: 'dockerfile', build, publish }
}

/** baseline-image names one image per measured image, in order, or none. */
export function checkBaselineCount(baselineImages: string[], measured: number, of: string): void {
  if (baselineImages.length === 0 || baselineImages.length === measured) return
  throw new InputError(
    Inputs.baselineImage,
    baselineImages.join(', '),
    `names ${baselineImages.length} images for ${measured} measured (${of}); expected one per image, in the same order`
  )
}

const ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * `KEY=VALUE` per line; the value is everything after the first `=` and may hold
 * `=`, commas, quotes and spaces. `KEY` alone takes its value from the environment,
 * as docker does; when the environment has none it is left out.
 */
export function parseBuildArgs(
  /** `KEY=VALUE` or `KEY` items, one per build arg. */
  items: string[],
  env: NodeJS.ProcessEnv,
  /** What the user calls them: the input, or the command line's option. */
  source: string = Inputs.buildArgs
): BuildArg[] {
  const args: BuildArg[] = []
  for (const line of items) {
    const eq = line.indexOf('=')
    const name = (eq === -1 ? line : line.slice(0, eq)).trim()
    if (!ARG_NAME.test(name)) {
      throw new InputError(
        source,
        line,
        'is not a build arg; expected KEY=VALUE (or KEY alone) with KEY made of letters, digits and _'
      )
    }
    if (args.some(arg => arg.name === name)) {
      throw new InputError(source, name, 'is given twice; expected each KEY once')
    }
    if (eq !== -1) {
      args.push({ name, value: line.slice(eq + 1) })
    } else if (env[name] !== undefined) {
      args.push({ name, value: env[name] as string })
    } else {
      log.warning(`${source}: ${name} is not set in the environment; it is not passed`)
    }
  }
  return args
}

/** A build with none of build-push-action's pass-through options. */
export function noBuildOptions(): BuildOptions {
  return {
    secrets: [],
    ssh: [],
    labels: [],
    annotations: [],
    buildContexts: [],
    cacheFrom: [],
    cacheTo: [],
    pull: false,
    attests: [],
    allow: [],
    outputs: [],
    addHosts: [],
    ulimits: [],
    noCacheFilters: []
  }
}

/** `raw` resolved from `base`, when it is a file (or folder) as `input` needs; else an InputError. */
export function existing(
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
