import * as exec from '@actions/exec'
import type { BuildConfig } from '../config.js'
import { UserError } from '../errors.js'
import { Inputs } from '../inputs.js'
import type { Builder } from './argv.js'

/** The builder sizegate creates when the current one cannot export cache. */
export const OWN_BUILDER = 'sizegate'

/** buildx fills the gha cache attributes from these; without them it drops the cache silently. */
export function ghaCacheAvailable(env: NodeJS.ProcessEnv): boolean {
  const url = env.ACTIONS_CACHE_SERVICE_V2
    ? env.ACTIONS_RESULTS_URL
    : env.ACTIONS_RESULTS_URL || env.ACTIONS_CACHE_URL
  return Boolean(env.ACTIONS_RUNTIME_TOKEN && url)
}

/** The `Driver:` of `docker buildx inspect` output. */
export function parseDriver(inspectOutput: string): string | undefined {
  return /^Driver:\s*(\S+)/m.exec(inspectOutput)?.[1]
}

async function docker(args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const result = await exec.getExecOutput('docker', args, { ignoreReturnCode: true, silent: true })
  return { ok: result.exitCode === 0, stdout: result.stdout, stderr: result.stderr }
}

export interface BuilderChoice {
  builder: Builder
  /** What the log should say about the choice, one line each. */
  notices: string[]
}

/** The decision, apart from the commands that inform it. */
export function chooseBuilder(facts: {
  buildxVersion?: string
  driver?: string
  userBuilder?: string
  cacheWanted: boolean
  cacheAvailable: boolean
}): BuilderChoice & { createOwnBuilder: boolean } {
  const notices: string[] = []
  if (!facts.buildxVersion) {
    if (facts.cacheWanted) {
      notices.push(
        'docker buildx is not installed: building with docker build (BuildKit); the GitHub Actions cache needs buildx, so this build runs without it.'
      )
    }
    return { builder: { kind: 'docker', ghaCache: false }, notices, createOwnBuilder: false }
  }
  let ghaCache = facts.cacheWanted && facts.cacheAvailable
  if (facts.cacheWanted && !facts.cacheAvailable) {
    notices.push(
      'The GitHub Actions cache is unavailable (ACTIONS_RUNTIME_TOKEN or the cache URL is not set): building without cache-from/cache-to.'
    )
  }
  const cannotExport = facts.driver === 'docker'
  if (ghaCache && cannotExport && facts.userBuilder) {
    notices.push(
      `Builder "${facts.userBuilder}" uses the docker driver, which cannot export cache: building without the GitHub Actions cache.`
    )
    ghaCache = false
  }
  const createOwnBuilder = ghaCache && cannotExport
  if (createOwnBuilder) {
    notices.push(
      `The current builder uses the docker driver, which cannot export cache: using a docker-container builder "${OWN_BUILDER}".`
    )
  }
  return {
    builder: {
      kind: 'buildx',
      name: createOwnBuilder ? OWN_BUILDER : facts.userBuilder,
      driver: createOwnBuilder ? 'docker-container' : facts.driver,
      ghaCache
    },
    notices,
    createOwnBuilder
  }
}

/** Looks at the machine (buildx, its builder) and picks how to build. */
export async function detectBuilder(
  config: BuildConfig,
  env: NodeJS.ProcessEnv
): Promise<BuilderChoice> {
  const version = await docker(['buildx', 'version'])
  let driver: string | undefined
  if (version.ok) {
    const inspect = await docker(['buildx', 'inspect', ...(config.builder ? [config.builder] : [])])
    if (!inspect.ok && config.builder) {
      throw new UserError(
        `${Inputs.builder}: "${config.builder}" is not a buildx builder here; expected the name of an existing builder (${inspect.stderr.trim()})`
      )
    }
    driver = parseDriver(inspect.stdout)
  }
  const choice = chooseBuilder({
    buildxVersion: version.ok ? version.stdout.trim() : undefined,
    driver,
    userBuilder: config.builder,
    cacheWanted: config.cache === 'gha',
    cacheAvailable: ghaCacheAvailable(env)
  })
  if (choice.createOwnBuilder) await ensureOwnBuilder()
  return { builder: choice.builder, notices: choice.notices }
}

async function ensureOwnBuilder(): Promise<void> {
  if ((await docker(['buildx', 'inspect', OWN_BUILDER])).ok) return
  const created = await docker([
    'buildx',
    'create',
    '--name',
    OWN_BUILDER,
    '--driver',
    'docker-container'
  ])
  if (!created.ok)
    throw new Error(
      `could not create the buildx builder "${OWN_BUILDER}": ${created.stderr.trim()}`
    )
}
