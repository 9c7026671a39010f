import type { ImageStore } from '../image/engine.js'
import { atLeast, formatVersion, parseVersion, type Version } from './versions.js'

/** Which protocol the GitHub Actions cache service of this run speaks. */
export type CacheService = 'v1' | 'v2'

/** How the image gets built: buildx with a builder, BuildKit without buildx, or the legacy builder. */
export interface Builder {
  kind: 'buildx' | 'docker' | 'legacy'
  /** --builder for buildx; undefined uses the current one. */
  name?: string
  driver?: string
  /** Whether the gha cache flags go on the command line. */
  ghaCache: boolean
  /** Whether it can export a cache (--cache-to): every driver but docker's on the classic store. */
  cacheExport: boolean
  /** Whether one buildx build may both push and load (else: load, then push in a second build). */
  pushWithLoad: boolean
  /** buildx has --annotation (else annotations ride on the registry output's attributes). */
  annotationFlag?: boolean
  /** buildx has --attest. */
  attests?: boolean
  /** One build may write several outputs (buildx and BuildKit 0.13 or later). */
  multipleOutputs?: boolean
  /** buildx has --call (check, outline, targets). */
  callFlag?: boolean
  /** It keeps attestations: every driver but docker's on the engine's classic image store. */
  keepsAttestations?: boolean
  /** It attaches default provenance where build-push-action would: BuildKit 0.11 or later. */
  defaultProvenance?: boolean
  /** It writes a docker archive to a file (`type=docker,dest=`): the remote driver from buildx 0.11. */
  dockerExport?: boolean
}

/** The builder sizegate creates when the current one cannot export cache. */
export const OWN_BUILDER = 'sizegate'

// Since cache service v1 was retired, type=gha needs these (buildx and BuildKit release notes).
const GHA_V2_BUILDX = '0.21.0'
const GHA_V2_BUILDKIT = '0.20.0'
// One build with several exporters (--load and --push together).
export const MULTI_EXPORT_BUILDX = '0.13.0'
const MULTI_EXPORT_BUILDKIT = '0.13.0'
// --annotation (older buildx passes annotations only as exporter attributes).
export const ANNOTATION_FLAG_BUILDX = '0.12.0'
// --attest (provenance, sbom and other attestations).
export const ATTESTS_BUILDX = '0.10.0'
// --call, the build methods that answer instead of building.
export const CALL_BUILDX = '0.15.0'
// Attestations in the image (build-push-action's condition for its default provenance).
const ATTESTS_BUILDKIT = '0.11.0'
// buildx before 0.11 refuses the docker exporter on the remote driver (buildx#1844).
const REMOTE_DOCKER_EXPORT_BUILDX = '0.11.0'
// Docker CLI 23 made BuildKit the default and refuses it without the buildx plugin.
const CLI_NEEDS_BUILDX = '23.0.0'
// The engine's own BuildKit (the docker driver) speaks cache service v2 from Docker 28 on.
const GHA_V2_ENGINE = '28.0.0'

/** The service buildx would reach with type=gha; undefined when the run offers none. */
export function ghaCacheService(env: NodeJS.ProcessEnv): CacheService | undefined {
  if (!env.ACTIONS_RUNTIME_TOKEN) return undefined
  if (env.ACTIONS_CACHE_SERVICE_V2) return env.ACTIONS_RESULTS_URL ? 'v2' : undefined
  return env.ACTIONS_CACHE_URL ? 'v1' : undefined
}

/** Why type=gha would be lost with these versions, or undefined when it works. */
function ghaCacheBlocker(
  service: CacheService,
  buildx: Version,
  buildkit: Version | undefined,
  engine?: Version
): string | undefined {
  if (service !== 'v2') return undefined
  if (!atLeast(buildx, GHA_V2_BUILDX))
    return `buildx ${formatVersion(buildx)} speaks only the retired cache service (v1); cache service v2 needs buildx ${GHA_V2_BUILDX} or later`
  if (buildkit && !atLeast(buildkit, GHA_V2_BUILDKIT))
    return `BuildKit ${formatVersion(buildkit)} speaks only the retired cache service (v1); cache service v2 needs BuildKit ${GHA_V2_BUILDKIT} or later`
  if (engine && !atLeast(engine, GHA_V2_ENGINE))
    return `the BuildKit of Docker Engine ${formatVersion(engine)} speaks only the retired cache service (v1); cache service v2 with the docker driver needs Docker Engine ${GHA_V2_ENGINE} or later`
  return undefined
}

/** Whether one build can push and load: the docker driver always; others with new enough tools. */
function canPushWithLoad(
  driver: string | undefined,
  buildx: Version,
  buildkit: Version | undefined
): boolean {
  if (driver === 'docker') return true
  return (
    atLeast(buildx, MULTI_EXPORT_BUILDX) &&
    buildkit !== undefined &&
    atLeast(buildkit, MULTI_EXPORT_BUILDKIT)
  )
}

/**
 * build-push-action's test before its default provenance: the builder's BuildKit is
 * 0.11 or later; the engine's own (the docker driver) counts only as a `-moby` version.
 */
function attachesAttestations(driver: string | undefined, buildkit: string | undefined): boolean {
  const version = parseVersion(buildkit)
  if (!version || !atLeast(version, ATTESTS_BUILDKIT)) return false
  return driver !== 'docker' || /-moby$/.test(buildkit ?? '')
}

/** What the probes found out about the machine. */
export interface BuilderFacts {
  /** `docker buildx version` output; undefined when buildx is not installed. */
  buildxVersion?: string
  /** The builder named by the user, or the current one. */
  driver?: string
  buildkitVersion?: string
  userBuilder?: string
  /** The engine's version and image store (the docker driver exports cache on the containerd store). */
  engineVersion?: string
  imageStore?: ImageStore
  /** `docker version` client version. */
  clientVersion?: string
  /** Why the Dockerfile needs BuildKit (e.g. `RUN --mount on line 4`), if it does. */
  needsBuildKit?: string
  cacheWanted: boolean
  cacheService?: CacheService
}

export interface BuilderChoice {
  builder: Builder
  /** Lines for the log: how the build runs. */
  notices: string[]
  /** Lines that deserve a warning: something the user asked for is lost. */
  warnings: string[]
  /** Create (and boot) the docker-container builder OWN_BUILDER first. */
  createOwnBuilder: boolean
  /** The Dockerfile cannot be built here; the message says why and what to install. */
  error?: string
}

export const INSTALL_BUILDX =
  'install the buildx plugin (on GitHub Actions: docker/setup-buildx-action before this step)'

function withoutBuildx(facts: BuilderFacts): BuilderChoice {
  const notices: string[] = []
  const client = parseVersion(facts.clientVersion)
  const plain = { ghaCache: false, cacheExport: false, pushWithLoad: true }
  if (client && atLeast(client, CLI_NEEDS_BUILDX)) {
    const refusal = `docker buildx is not installed, and Docker CLI ${facts.clientVersion} runs BuildKit only through it`
    if (facts.needsBuildKit) {
      return {
        builder: { kind: 'legacy', ...plain },
        notices,
        warnings: [],
        createOwnBuilder: false,
        error: `${refusal}; the Dockerfile needs BuildKit (${facts.needsBuildKit}): ${INSTALL_BUILDX}.`
      }
    }
    notices.push(
      `${refusal}: building with the legacy builder. For BuildKit and the GitHub Actions cache, ${INSTALL_BUILDX}.`
    )
    return { builder: { kind: 'legacy', ...plain }, notices, warnings: [], createOwnBuilder: false }
  }
  if (facts.cacheWanted) {
    notices.push(
      'docker buildx is not installed: building with docker build (BuildKit); the GitHub Actions cache needs buildx, so this build runs without it.'
    )
  }
  return { builder: { kind: 'docker', ...plain }, notices, warnings: [], createOwnBuilder: false }
}

/** The decision, apart from the commands that inform it. */
export function chooseBuilder(facts: BuilderFacts): BuilderChoice {
  const buildx = facts.buildxVersion ? parseVersion(facts.buildxVersion) : undefined
  if (!buildx) return withoutBuildx(facts)
  const buildkit = facts.driver === 'docker' ? undefined : parseVersion(facts.buildkitVersion)
  const notices: string[] = []
  const warnings: string[] = []
  let ghaCache = facts.cacheWanted && facts.cacheService !== undefined
  if (facts.cacheWanted && !facts.cacheService) {
    notices.push(
      'The GitHub Actions cache is unavailable (ACTIONS_RUNTIME_TOKEN or the cache URL is not set): building without cache-from/cache-to.'
    )
  }
  // The docker driver builds with the engine's BuildKit: on the containerd image
  // store it exports cache itself, if the engine is new enough to speak to the service.
  const engineExports = facts.driver === 'docker' && facts.imageStore === 'containerd'
  const engine = engineExports ? parseVersion(facts.engineVersion) : undefined
  const blocker =
    ghaCache && facts.cacheService
      ? ghaCacheBlocker(facts.cacheService, buildx, buildkit, engine)
      : undefined
  if (blocker) {
    warnings.push(
      `${blocker}: building without the GitHub Actions cache. Update buildx (docker/setup-buildx-action installs the latest).`
    )
    ghaCache = false
  }
  const cannotExport = facts.driver === 'docker' && !engineExports
  if (ghaCache && engineExports) {
    notices.push(
      'The engine keeps images in the containerd image store, so its docker driver exports the GitHub Actions cache itself.'
    )
  }
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
  const driver = createOwnBuilder ? 'docker-container' : facts.driver
  // The docker driver on the classic store neither exports a cache nor keeps attestations.
  const beyondClassicStore = createOwnBuilder || !cannotExport
  return {
    builder: {
      kind: 'buildx',
      name: createOwnBuilder ? OWN_BUILDER : facts.userBuilder,
      driver,
      ghaCache,
      cacheExport: beyondClassicStore,
      pushWithLoad: canPushWithLoad(driver, buildx, createOwnBuilder ? undefined : buildkit),
      annotationFlag: atLeast(buildx, ANNOTATION_FLAG_BUILDX),
      attests: atLeast(buildx, ATTESTS_BUILDX),
      keepsAttestations: beyondClassicStore,
      callFlag: atLeast(buildx, CALL_BUILDX),
      multipleOutputs:
        atLeast(buildx, MULTI_EXPORT_BUILDX) &&
        (buildkit === undefined || atLeast(buildkit, MULTI_EXPORT_BUILDKIT)),
      defaultProvenance: attachesAttestations(driver, facts.buildkitVersion),
      dockerExport: driver !== 'remote' || atLeast(buildx, REMOTE_DOCKER_EXPORT_BUILDX)
    },
    notices,
    warnings,
    createOwnBuilder
  }
}
