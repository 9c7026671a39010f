import { log } from '../log.js'
import { mkdir, readFile, rm } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import * as path from 'node:path'
import { exportLoads, exportsArchive } from '../buildx/argv.js'
import { droppedOption, unsupportedOption, unsupportedPlatforms } from '../buildx/support.js'
import { makeExportPipe, releaseExportPipe } from '../buildx/export-pipe.js'
import type { Builder } from '../buildx/choose.js'
import { secretValuesOf } from '../buildx/secrets.js'
import { writeSecretFiles } from '../buildx/secrets.js'
import { planBuilds, type BuildPlan } from '../buildx/plan.js'
import { runBuild, type BuildResult } from '../buildx/run.js'
import type { BuildConfig } from '../request.js'
import { UserError } from '../errors.js'
import { checkBuildArgs, redactBuildArgs, secretValues } from '../dockerfile/buildargs.js'
import { parseDockerfile, platformArgs } from '../dockerfile/model.js'
import { resolveTargets, type ResolvedTarget } from '../dockerfile/resolve.js'
import { engineImageIds, removeNewImages } from '../image/engine.js'
import type { ImageMeasurement } from '../image/measure.js'
import { type ImageMeasurer, withMeasurer } from '../image/measure-worker.js'
import { readRegistrySizes, withRegistrySizes } from '../image/registry.js'
import type { ReportContext } from './report.js'
import { idPart, type ImageIdentity, imageIdentity } from '../report/identity.js'
import { type BuiltFrom, type MeasuredTarget, measuredReport } from './report.js'

export function hostPlatform(): string {
  const arches: Record<string, string> = {
    x64: 'amd64',
    arm64: 'arm64',
    arm: 'arm',
    ppc64: 'ppc64le',
    s390x: 's390x'
  }
  return `linux/${arches[process.arch] ?? process.arch}`
}

/** The Dockerfile path as reports and messages show it: relative to the workspace. */
export function dockerfileLabel(config: BuildConfig, workspace: string): string {
  return path.relative(workspace, config.file) || config.file
}

/**
 * Resolves targets and build args, masking secret values and warning about what
 * docker would accept silently. `quiet` skips the warnings (a base build repeats them).
 */
export async function resolveBuild(
  config: BuildConfig,
  label: string,
  quiet = false
): Promise<ResolvedTarget[]> {
  const host = hostPlatform()
  const model = parseDockerfile(await readFile(config.file, 'utf8'), {
    buildArgs: new Map(config.buildArgs.map(arg => [arg.name, arg.value])),
    predefined: platformArgs(host, config.platforms[0] ?? host)
  })
  const resolution = resolveTargets(model, config.targets, label)
  const args = checkBuildArgs(model, config.buildArgs, label)
  for (const secret of secretValues(config.buildArgs)) log.secret(secret)
  if (!quiet) for (const warning of [...resolution.warnings, ...args.warnings]) log.warning(warning)
  // A bake target builds one stage, and its name is what the user calls it.
  const { bakeTarget } = config
  return bakeTarget
    ? resolution.targets.map(target => ({ ...target, name: bakeTarget }))
    : resolution.targets
}

/** An image's real compressed sizes from its registry; the estimate stays when the registry cannot tell. */
export async function registrySizes(
  reference: string,
  digest: string,
  estimate: ImageMeasurement
): Promise<ImageMeasurement> {
  try {
    return withRegistrySizes(
      estimate,
      await readRegistrySizes(reference, digest, estimate.platform)
    )
  } catch (error) {
    log.warning(
      `Could not read the manifest of ${reference} from its registry, so compressed sizes are estimated: ${(error as Error).message}`
    )
    return estimate
  }
}

/** The platforms a build's reports are for: those asked, else the runner's. */
function platformsOf(config: BuildConfig): string[] {
  return config.platforms.length > 0 ? config.platforms : [hostPlatform()]
}

/**
 * What names a target's image across runs: the user's `id`, else the Dockerfile,
 * context, target as asked (none asked is the last stage, whatever its name),
 * platform and build args.
 */
function identityOf(
  config: BuildConfig,
  target: ResolvedTarget,
  workspace: string,
  platform: string
): ImageIdentity {
  const relative = (file: string) => path.relative(workspace, file) || '.'
  const id = idPart(config.id, config.targets.length > 1, target.name)
  return imageIdentity({
    id: idPart(id, config.platforms.length > 1, platform),
    dockerfile: relative(config.file),
    context: relative(config.context),
    target: config.targets.length > 0 ? target.name : undefined,
    platform,
    buildArgs: redactBuildArgs(config.buildArgs)
  })
}

/** One target's image on one platform: its name in reports, and its identity. */
interface PlatformImage {
  name: string
  platform: string
  identity: ImageIdentity
}

/** The images a target's build makes, one per platform; named by platform when there are several. */
function platformImages(
  config: BuildConfig,
  target: ResolvedTarget,
  workspace: string
): PlatformImage[] {
  const platforms = platformsOf(config)
  return platforms.map(platform => ({
    name: platforms.length > 1 ? `${target.name} (${platform})` : target.name,
    platform,
    identity: identityOf(config, target, workspace, platform)
  }))
}

interface TargetRun {
  builder: Builder
  measurer: ImageMeasurer
  context: ReportContext
}

/** The Dockerfile a target was built from, and whether a .dockerignore filtered its context. */
export function builtFrom(file: string, context: string, target: ResolvedTarget): BuiltFrom {
  const ignores = [path.join(context, '.dockerignore'), `${file}.dockerignore`]
  return { file, target, hasDockerignore: ignores.some(ignore => existsSync(ignore)) }
}

/** The report of one platform's image of a build. */
async function platformReport(
  plan: BuildPlan,
  target: ResolvedTarget,
  build: BuildResult,
  image: PlatformImage,
  estimate: ImageMeasurement,
  context: ReportContext
): Promise<MeasuredTarget> {
  const measured = build.digest
    ? await registrySizes(plan.tags[0], build.digest, estimate)
    : estimate
  const own = { ...build, target: image.name, imageId: measured.imageId || build.imageId }
  log.info(
    `${image.name}: ${measured.compressedBytes} bytes compressed, ${measured.uncompressedBytes} uncompressed`
  )
  const dockerfile = builtFrom(plan.file, plan.context, target)
  return measuredReport({ identity: image.identity, build: own, measured, dockerfile }, context)
}

/** Builds into the engine (docker driver, or no buildx) and measures the image there. */
async function buildAndMeasure(
  plan: BuildPlan,
  target: ResolvedTarget,
  [image]: PlatformImage[],
  run: TargetRun
): Promise<MeasuredTarget[]> {
  const build = await runBuild(plan, run.builder)
  const estimate = await log.group(`Measure ${plan.target}`, () =>
    run.measurer.measure(build.imageId, target.chain)
  )
  return [await platformReport(plan, target, build, image, estimate, run.context)]
}

/**
 * The build, while `measuring` reads its export. When the build fails, its error is
 * the one to tell: the measurement fails too, for want of an archive, and may fail
 * first, before anyone awaits it, which must not end the process with its stack.
 */
export async function buildWhileMeasuring<T>(
  build: () => Promise<T>,
  measuring: Promise<unknown>,
  release: () => Promise<void>
): Promise<T> {
  measuring.catch(() => undefined)
  return build().catch(async (error: unknown) => {
    await release()
    await measuring.catch(() => undefined)
    throw error
  })
}

/**
 * Builds with a builder that exports and measures its archive as it is written,
 * one image per platform: the blobs are the registry's own, and nothing passes
 * through the engine unless the image is wanted there.
 */
async function buildAndMeasureExport(
  plan: BuildPlan,
  target: ResolvedTarget,
  images: PlatformImage[],
  run: TargetRun
): Promise<MeasuredTarget[]> {
  await makeExportPipe(plan.exportFile)
  const load = exportLoads(plan, run.builder)
  const measuring = run.measurer.measureExport(plan.exportFile, target.chain, load)
  try {
    const build = await buildWhileMeasuring(
      () => runBuild(plan, run.builder),
      measuring,
      () => releaseExportPipe(plan.exportFile, measuring)
    )
    const estimates = await log.group(`Measure ${plan.target}`, () => measuring)
    const measured: MeasuredTarget[] = []
    for (const estimate of estimates) {
      const image = images.find(candidate => candidate.platform === estimate.platform)
      if (!image)
        throw new UserError(
          `The build of ${plan.target} exported an image for ${estimate.platform}, which was not asked for`
        )
      measured.push(await platformReport(plan, target, build, image, estimate, run.context))
    }
    return measured
  } finally {
    await rm(plan.exportFile, { force: true })
  }
}

/** Where a run works, and what it stamps on the reports it makes. */
export interface RunPlace {
  /** The checkout: cache scopes and labels are relative to it. */
  workspace: string
  /** A folder of this step's own for the builder's id and metadata files. */
  workDir: string
  commit: string | null
  ref: string | null
}

/** A build of a Dockerfile's targets, where a run works. */
export interface BuildRun extends RunPlace {
  config: BuildConfig
  targets: ResolvedTarget[]
  builder: Builder
  /** Writes the gha cache; a base build only reads it. */
  exportCache: boolean
}

/** One build makes every platform's image: its cache scope is named by all of them. */
export function buildIdentity(
  config: BuildConfig,
  target: ResolvedTarget,
  workspace: string
): ImageIdentity {
  return identityOf(config, target, workspace, platformsOf(config).join(','))
}

/**
 * A build beside the head's (the base commit, a fix of the Dockerfile): it tags,
 * pushes and loads nothing, and reads the gha cache without writing it, so the
 * head's cache index stays the head's; an image it left in the engine is removed
 * once measured.
 */
export async function buildAside(run: Omit<BuildRun, 'exportCache'>): Promise<MeasuredTarget[]> {
  const config = { ...run.config, tags: [], push: false, load: false }
  return withoutNewImages(() => buildTargets({ ...run, config, exportCache: false }))
}

/** Builds, then removes the unnamed images those builds left in the engine (removeNewImages). */
export async function withoutNewImages(
  build: () => Promise<MeasuredTarget[]>
): Promise<MeasuredTarget[]> {
  const before = await engineImageIds()
  const measured = await build()
  if (before)
    await removeNewImages(
      measured.map(target => target.build.imageId),
      before
    )
  return measured
}

/**
 * The builds of a run's targets, planned, with the secrets they mount written for
 * them while `work` runs; what the builder cannot honour is refused first.
 */
export async function withPlans<T>(
  run: BuildRun,
  work: (plans: BuildPlan[]) => Promise<T>
): Promise<T> {
  const refusal =
    unsupportedOption(run.config.options, run.builder) ??
    unsupportedPlatforms(run.config, run.builder)
  if (refusal) throw new UserError(refusal)
  const dropped = droppedOption(run.config, run.builder)
  if (dropped) log.warning(dropped)
  await mkdir(run.workDir, { recursive: true })
  const secretFiles = await writeSecretFiles(run.config.options.secrets, run.workDir, process.env)
  try {
    const scopes = run.targets.map(target => buildIdentity(run.config, target, run.workspace))
    return await work(
      planBuilds(run.config, run.targets, scopes, run.workDir, run.exportCache, secretFiles.mounts)
    )
  } finally {
    await secretFiles.remove()
  }
}

/** Builds and measures each target in turn. */
export function buildTargets(run: BuildRun): Promise<MeasuredTarget[]> {
  return withPlans(run, plans => buildAndMeasureAll(run, plans))
}

async function buildAndMeasureAll(run: BuildRun, plans: BuildPlan[]): Promise<MeasuredTarget[]> {
  const images = run.targets.map(target => platformImages(run.config, target, run.workspace))
  const context: ReportContext = {
    commit: run.commit,
    ref: run.ref,
    dockerfile: dockerfileLabel(run.config, run.workspace),
    buildArgs: redactBuildArgs(run.config.buildArgs),
    builtWith: images.flat().map(image => ({ target: image.name, identity: image.identity })),
    secrets: [
      ...secretValues(run.config.buildArgs),
      ...secretValuesOf(run.config.options, process.env)
    ],
    now: new Date()
  }
  const measureBuild = exportsArchive(run.builder) ? buildAndMeasureExport : buildAndMeasure
  // Started now, the measuring thread is ready when the first build is done. A build
  // whose fixes are proven keeps what its image holds, to compare theirs with.
  return withMeasurer(
    async measurer => {
      const measured: MeasuredTarget[] = []
      for (const [index, plan] of plans.entries()) {
        const common = { builder: run.builder, measurer, context }
        measured.push(...(await measureBuild(plan, run.targets[index], images[index], common)))
      }
      return measured
    },
    { contents: run.config.verifyFixes }
  )
}
