import { log } from '../log.js'
import { readFile } from 'node:fs/promises'
import * as path from 'node:path'
import type { BuildResult } from '../buildx/run.js'
import type { ImageConfig } from '../request.js'
import { docker } from '../process/command.js'
import { UserError } from '../errors.js'
import { Inputs } from '../input-names.js'
import { parseDockerfile, platformArgs, type Stage } from '../dockerfile/model.js'
import { resolveTargets, type ResolvedTarget } from '../dockerfile/resolve.js'
import { type ImageMeasurer, withMeasurer } from '../image/measure-worker.js'
import { builtFrom, hostPlatform, registrySizes } from './build.js'
import {
  type DockerfileTarget,
  type MeasuredTarget,
  measuredReport,
  reportContext
} from './report.js'
import type { ReportContext } from './report.js'
import { idPart, type ImageIdentity, imageIdentity } from '../report/identity.js'
import type { ImageMeasurement } from '../image/measure.js'

/** An image in this runner's engine. */
export interface LocalImage {
  reference: string
  imageId: string
  /** Its manifest digest in the reference's repository, when the engine knows one. */
  digest?: string
}

/** `registry/name:tag` or `name@sha256:…` → `registry/name` (a port's colon is no tag). */
export function repositoryOf(reference: string): string {
  const at = reference.indexOf('@')
  const name = at === -1 ? reference : reference.slice(0, at)
  const slash = name.lastIndexOf('/')
  const colon = name.lastIndexOf(':')
  return colon > slash ? name.slice(0, colon) : name
}

/** The digest of `reference`'s repository among the engine's RepoDigests (`repo@sha256:…`). */
export function digestIn(reference: string, repoDigests: string[]): string | undefined {
  const pinned = /@(sha256:[0-9a-f]{64})$/.exec(reference)?.[1]
  if (pinned) return pinned
  const repository = repositoryOf(reference)
  // Docker Hub's names come back in their short form: library/node is node.
  const short = repository.replace(/^(docker\.io\/)?(library\/)?/, '')
  const found = repoDigests.find(entry => {
    const named = repositoryOf(entry)
    return named === repository || named === short
  })
  return found?.slice(found.indexOf('@') + 1)
}

interface Inspected {
  id: string
  repoDigests: string[]
}

async function inspect(reference: string): Promise<Inspected | undefined> {
  const format = '{{json .Id}} {{json .RepoDigests}}'
  const result = await docker(['image', 'inspect', '--format', format, reference])
  if (!result.ok) return undefined
  const [id, digests] = result.stdout.trim().split(' ')
  return {
    id: JSON.parse(id) as string,
    repoDigests: (JSON.parse(digests) as string[] | null) ?? []
  }
}

/**
 * The engine's image of `reference`; one the engine lacks is pulled, with the
 * runner's docker login as `docker pull` uses it (layers the engine has stay).
 */
export async function localImage(
  reference: string,
  input: string,
  platform?: string
): Promise<LocalImage> {
  let inspected = await inspect(reference)
  if (!inspected) {
    const which = platform ? ['--platform', platform] : []
    const pulled = await log.group(`Pull ${reference}`, () =>
      docker(['pull', ...which, reference], { echo: true })
    )
    inspected = pulled.ok ? await inspect(reference) : undefined
  }
  if (!inspected) {
    throw new UserError(
      `${input}: ${JSON.stringify(reference)} is no image of this runner's engine, and docker pull could not fetch it (its output is in the log above); expected a local image, or a registry reference the runner can pull (docker/login-action for private registries)`
    )
  }
  return { reference, imageId: inspected.id, digest: digestIn(reference, inspected.repoDigests) }
}

/** The stages that made the image, from the Dockerfile that built it, for layer lines and hints. */
export async function dockerfileTarget(
  file: string,
  label: string,
  platform = hostPlatform()
): Promise<ResolvedTarget> {
  const model = parseDockerfile(await readFile(file, 'utf8'), {
    buildArgs: new Map(),
    predefined: platformArgs(hostPlatform(), platform)
  })
  const [target] = resolveTargets(model, [], label).targets
  return target
}

export interface PrebuiltSource {
  image: LocalImage
  /** The report's name for the image. */
  target: string
  identity: ImageIdentity
  /** The Dockerfile it was built from, when given: its folder stands for the context. */
  dockerfile?: DockerfileTarget
}

/** An image measured as it is, with no build: its report, hints from its Dockerfile if known. */
export function prebuiltReport(
  image: { target: string; identity: ImageIdentity; imageId: string; digest?: string },
  measured: ImageMeasurement,
  dockerfile: DockerfileTarget | undefined,
  context: ReportContext
): MeasuredTarget {
  const build: BuildResult = {
    target: image.target,
    imageId: image.imageId,
    digest: image.digest,
    durationMs: 0,
    builder: 'prebuilt',
    ghaCache: false,
    cachedSteps: 0,
    totalSteps: 0
  }
  // The Dockerfile's folder stands for the build context.
  const source =
    dockerfile && builtFrom(dockerfile.file, path.dirname(dockerfile.file), dockerfile.target)
  return measuredReport({ identity: image.identity, build, measured, dockerfile: source }, context)
}

/** Measures an image another step built: as a build's image, with no build to report. */
export async function measurePrebuilt(
  source: PrebuiltSource,
  measurer: ImageMeasurer,
  context: ReportContext
): Promise<MeasuredTarget> {
  const { image, dockerfile } = source
  const chain: Stage[] = dockerfile?.target.chain ?? []
  const estimate = await log.group(`Measure ${image.reference}`, () =>
    measurer.measure(image.imageId, chain)
  )
  const measured = image.digest
    ? await registrySizes(image.reference, image.digest, estimate)
    : estimate
  log.info(
    `${image.reference}: ${measured.compressedBytes} bytes compressed, ${measured.uncompressedBytes} uncompressed`
  )
  const named = { ...source, imageId: image.imageId, digest: image.digest }
  return prebuiltReport(named, measured, dockerfile, context)
}

/** A name for each image in reports and comments: its repository's last part, or all of it when two share one. */
export function imageNames(references: string[]): string[] {
  const repositories = references.map(repositoryOf)
  const short = repositories.map(repository => repository.slice(repository.lastIndexOf('/') + 1))
  return short.map((name, index) =>
    short.indexOf(name) === short.lastIndexOf(name) ? name : repositories[index]
  )
}

/**
 * Measures the images of input `image`. Each is named across runs by its
 * repository (or the user's `id`), so `app:pr-5` meets the baseline `app:main` recorded.
 */
export async function measureImages(
  config: ImageConfig,
  dockerfile: DockerfileTarget | undefined,
  run: { commit: string | null; ref: string | null; dockerfileLabel: string }
): Promise<MeasuredTarget[]> {
  const images: LocalImage[] = []
  for (const reference of config.images) images.push(await localImage(reference, Inputs.image))
  const names = imageNames(config.images)
  const several = config.images.length > 1
  const sources: PrebuiltSource[] = images.map((image, index) => ({
    image,
    target: names[index],
    identity: imageIdentity({
      id: idPart(config.id, several, names[index]) ?? repositoryOf(image.reference),
      dockerfile: run.dockerfileLabel,
      context: '.',
      platform: hostPlatform(),
      buildArgs: {}
    }),
    dockerfile
  }))
  const context = reportContext({
    commit: run.commit,
    ref: run.ref,
    dockerfile: run.dockerfileLabel,
    builtWith: sources.map(source => ({ target: source.target, identity: source.identity }))
  })
  return withMeasurer(async measurer => {
    const measured: MeasuredTarget[] = []
    for (const source of sources) measured.push(await measurePrebuilt(source, measurer, context))
    return measured
  })
}
