import { log } from '../log.js'
import type { BuildConfig } from '../request.js'
import type { Stage } from '../dockerfile/model.js'
import { buildKitFeature } from '../dockerfile/buildkit-features.js'
import { type ImageUse, imagesRead } from '../dockerfile/images.js'
import { InputError, UserError } from '../errors.js'
import type { CommandResult } from '../process/command.js'
import { buildxAnswers, inspectBooted, probeDocker } from './probes.js'
import { Inputs } from '../input-names.js'
import { engineFacts, onlyInEngine } from '../image/engine.js'
import { CACHE_PROBE_TIMEOUT_MS, probeCacheService } from './cache-probe.js'
import {
  type BuilderChoice,
  type BuilderFacts,
  chooseBuilder,
  ghaCacheService,
  OWN_BUILDER
} from './choose.js'
import { type BuilderInspection, parseInspect } from './versions.js'

/**
 * A booted builder read back. buildx 0.10 exits 0 from `inspect --bootstrap` even
 * when the builder failed to boot, so the Status line decides.
 */
function booted(inspect: CommandResult): BuilderInspection & { ok: boolean } {
  const found = parseInspect(`${inspect.stdout}\n${inspect.stderr}`)
  const error = found.error ?? (inspect.ok ? undefined : inspect.error)
  return { ...found, error, ok: inspect.ok && found.status === 'running' }
}

/** The user's builder (or the current one) must run: a broken one is the user's to fix. */
function userBuilderFacts(
  config: BuildConfig,
  builder: BuilderInspection & { ok: boolean }
): BuilderInspection {
  if (builder.ok) return builder
  const reason = builder.error || `its status is ${builder.status ?? 'unknown'}`
  if (config.builder) {
    throw new InputError(
      Inputs.builder,
      config.builder,
      `is not a buildx builder that runs here (${reason}); expected the name of a working builder (see docker buildx ls)`
    )
  }
  throw new UserError(
    `The current buildx builder${builder.name ? ` "${builder.name}"` : ''} does not run (${reason}): fix it, switch with docker buildx use, or name one in ${Inputs.builder}.`
  )
}

/**
 * Creates and boots OWN_BUILDER. Where it cannot start (no registry to pull
 * moby/buildkit from, no privileged containers), undefined: cache plumbing must
 * never fail a build that the current builder can do.
 */
async function startOwnBuilder(): Promise<BuilderInspection | string> {
  if (!(await probeDocker(['buildx', 'inspect', OWN_BUILDER])).ok) {
    const created = await probeDocker([
      'buildx',
      'create',
      '--name',
      OWN_BUILDER,
      '--driver',
      'docker-container'
    ])
    if (!created.ok) return created.error
  }
  const own = booted(await inspectBooted(OWN_BUILDER))
  if (own.ok) return own
  await probeDocker(['buildx', 'rm', OWN_BUILDER])
  return own.error || `its status is ${own.status ?? 'unknown'}`
}

async function probe(
  config: BuildConfig,
  chains: Stage[][],
  env: NodeJS.ProcessEnv
): Promise<BuilderFacts> {
  const { version, inspect } = await buildxAnswers(config.builder)
  const facts: BuilderFacts = {
    userBuilder: config.builder,
    cacheWanted: config.cache === 'gha',
    cacheService: ghaCacheService(env)
  }
  if (version.ok) {
    const builder = userBuilderFacts(config, booted(inspect))
    const engine = builder.driver === 'docker' ? await engineFacts() : undefined
    return {
      ...facts,
      buildxVersion: version.stdout.trim(),
      driver: builder.driver,
      buildkitVersion: builder.buildkit,
      engineVersion: engine?.version,
      imageStore: engine?.imageStore
    }
  }
  const client = await probeDocker(['version', '--format', '{{.Client.Version}}'])
  return {
    ...facts,
    clientVersion: client.stdout.trim().split('\n')[0] || undefined,
    needsBuildKit: chains.map(buildKitFeature).find(Boolean)
  }
}

/**
 * The images a build needs that only this engine has. The docker driver reads them
 * from the engine; a docker-container builder pulls from registries and would fail.
 */
async function engineOnlyImages(config: BuildConfig, chains: Stage[][]): Promise<ImageUse[]> {
  const found: ImageUse[] = []
  for (const use of imagesRead(chains, config.options.buildContexts))
    if (await onlyInEngine(use.ref)) found.push(use)
  return found
}

/** The choice without the gha cache, with a warning that says why. */
function withoutCache(
  facts: BuilderFacts,
  warning: string
): Omit<BuilderChoice, 'createOwnBuilder'> {
  const fallback = chooseBuilder({ ...facts, cacheWanted: false })
  return { builder: fallback.builder, notices: fallback.notices, warnings: [warning] }
}

/** Looks at the machine (buildx, its builder, the CLI) and picks how to build. */
export async function detectBuilder(
  config: BuildConfig,
  chains: Stage[][],
  env: NodeJS.ProcessEnv
): Promise<Omit<BuilderChoice, 'createOwnBuilder'>> {
  const facts = await probe(config, chains, env)
  const choice = chooseBuilder(facts)
  if (choice.error) throw new UserError(choice.error)
  if (choice.builder.ghaCache && facts.cacheService) {
    const down = await probeCacheService(facts.cacheService, env)
    if (down)
      return withoutCache(
        facts,
        `The GitHub Actions cache service is not usable (${down}; sizegate waits at most ${CACHE_PROBE_TIMEOUT_MS / 1000} s): building without the GitHub Actions cache.`
      )
  }
  if (!choice.createOwnBuilder) return choice
  const local = await engineOnlyImages(config, chains)
  if (local.length > 0) {
    const named = local.map(use => `${use.ref} (${use.where})`).join(', ')
    return withoutCache(
      facts,
      `The build reads ${named}, which only this Docker engine has (never pushed to a registry). A docker-container builder, the only kind that can export the GitHub Actions cache from this engine's classic image store, pulls images from registries and could not see it: building with the current builder, without the GitHub Actions cache. Push the image to a registry (and name it there) or use the containerd image store to have the cache.`
    )
  }
  const own = await startOwnBuilder()
  if (typeof own === 'string') {
    log.debug(`docker buildx inspect --bootstrap ${OWN_BUILDER}: ${own}`)
    return withoutCache(
      facts,
      `The docker-container builder "${OWN_BUILDER}" could not start (${own}): building with the current builder, without the GitHub Actions cache.`
    )
  }
  // Booted: judge the cache and push paths by the BuildKit it runs.
  const booted = chooseBuilder({ ...facts, driver: own.driver, buildkitVersion: own.buildkit })
  return {
    builder: { ...booted.builder, name: OWN_BUILDER },
    notices: [...choice.notices, ...booted.notices],
    warnings: booted.warnings
  }
}
