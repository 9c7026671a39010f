import { log } from '../log.js'
import type { BuildResult } from '../buildx/run.js'
import { basePart } from '../report/base-part.js'
import { packagesReport } from '../report/packages.js'
import { type DockerfileFixes, fixesOf, fixesReport } from './fix-report.js'
import {
  devPackageLines,
  findHints,
  type Hint,
  type HiddenByLine,
  type HintFacts
} from '../dockerfile/hints.js'
import type { ResolvedTarget } from '../dockerfile/resolve.js'
import type { ImageMeasurement } from '../image/measure.js'
import type { ImageContents } from '../image/file-table.js'
import { redactText } from '../dockerfile/buildargs.js'
import type { ImageIdentity } from '../report/identity.js'
import { buildChecksOf } from '../buildx/checks.js'
import {
  type BasePart,
  type BuildCheck,
  type FixesReport,
  type ImageReport,
  REPORT_SCHEMA
} from '../report/types.js'
import { TOOL_VERSION } from '../version.js'

/** The Dockerfile an image was built from, and its target there: where its layers' lines are. */
export interface DockerfileTarget {
  file: string
  target: ResolvedTarget
}

/** The Dockerfile an image was built from, as the build read it, and its context's .dockerignore. */
export interface BuiltFrom extends DockerfileTarget {
  /** A .dockerignore beside the context or the Dockerfile keeps files out of COPY . */
  hasDockerignore: boolean
}

/** One image built (or given) and measured. */
export interface MeasuredTarget {
  report: ImageReport
  build: BuildResult
  /** Undefined for an image measured without its Dockerfile. */
  dockerfile?: DockerfileTarget
  /** The fixes of that Dockerfile, for builds that prove them. */
  fixes?: DockerfileFixes
  /** What a program in the image sees, where it was kept (builds that prove fixes). */
  contents?: ImageContents
}

/**
 * Copies later layers hid, by the Dockerfile lines that wrote and hid them. What the
 * base image's own layers hid is the base's business: no line of this Dockerfile did it.
 */
function hiddenByLine(measured: ImageMeasurement): HiddenByLine[] {
  const byLines = new Map<string, HiddenByLine>()
  for (const pair of measured.hidden) {
    const [writer, hider] = [measured.layers[pair.writer], measured.layers[pair.hider]]
    if (hider.instruction === 'FROM') continue
    const key = `${writer.line}:${hider.line}`
    const known = byLines.get(key)
    if (known) known.bytes += pair.bytes
    else
      byLines.set(key, {
        writerLine: writer.line,
        writerKeyword: writer.instruction,
        hiderLine: hider.line,
        bytes: pair.bytes
      })
  }
  return [...byLines.values()]
}

/** The image's dev packages, each with the Dockerfile line of the layer holding most of it. */
function devPackagesOf(measured: ImageMeasurement): HintFacts['devPackages'] {
  return measured.packages
    .filter(item => item.dev)
    .map(item => ({ ...item, line: measured.layers[item.layer]?.line ?? 0 }))
}

/** Hints from the target's stages and what the measurement found in the image. */
function hintsFor(source: BuiltFrom, measured: ImageMeasurement, hidden: HiddenByLine[]): Hint[] {
  return findHints({
    chain: source.target.chain,
    stages: source.target.stages,
    caches: measured.caches.map(cache => ({ ...cache, line: measured.layers[cache.layer].line })),
    hidden,
    hasDockerignore: source.hasDockerignore,
    devPackages: devPackagesOf(measured)
  })
}

export interface ReportContext {
  commit: string | null
  ref: string | null
  dockerfile: string
  buildArgs: Record<string, string>
  /** Every image of this step, by target and identity. */
  builtWith: { target: string; identity: ImageIdentity }[]
  /** Values to keep out of the report (RUN's created_by lists the build args). */
  secrets: string[]
  now: Date
}

/** The report of one target, from its build and its measurement. */
interface TargetReportInput {
  context: ReportContext
  identity: ImageIdentity
  build: BuildResult
  measured: ImageMeasurement
  hints: Hint[]
  buildChecks: BuildCheck[]
  fixes: FixesReport | null
  base: BasePart | null
}

function buildReport({
  context,
  identity,
  build,
  measured,
  hints,
  buildChecks,
  fixes,
  base
}: TargetReportInput): ImageReport {
  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'sizegate', version: TOOL_VERSION },
    commit: context.commit,
    ref: context.ref,
    dockerfile: context.dockerfile,
    target: build.target,
    identity,
    builtWith: context.builtWith,
    buildArgs: context.buildArgs,
    platform: measured.platform,
    imageId: build.imageId,
    digest: build.digest ?? null,
    compressedBytes: measured.compressedBytes,
    compressedSource: measured.compressedSource,
    imageStore: measured.imageStore ?? null,
    estimatedBytes: measured.estimatedBytes,
    uncompressedBytes: measured.uncompressedBytes,
    layers: measured.layers.map(layer => ({
      ...layer,
      createdBy: redactText(layer.createdBy, context.secrets),
      source: layer.source && redactText(layer.source, context.secrets)
    })),
    base,
    files: measured.files,
    wastedBytes: measured.wastedBytes,
    efficiency: measured.efficiency,
    userWastedPercent: measured.userWastedPercent,
    hints,
    buildChecks: buildChecks.map(check => ({
      ...check,
      message: redactText(check.message, context.secrets)
    })),
    fixes,
    packages: packagesReport(measured.packages),
    trend: [],
    build: {
      builder: build.builder,
      ghaCache: build.ghaCache,
      durationMs: build.durationMs,
      cachedSteps: build.cachedSteps,
      totalSteps: build.totalSteps
    },
    createdAt: context.now.toISOString()
  }
}

/** An image measured, about to become a report. */
export interface MeasuredImage {
  identity: ImageIdentity
  /** How it came: its build, or `prebuilt` for an image given as it is. */
  build: BuildResult
  measured: ImageMeasurement
  /** The Dockerfile that made it: lines, hints and fixes; absent when unknown. */
  dockerfile?: BuiltFrom
}

/**
 * The Dockerfile, when it can have made the image; else undefined, said in a
 * warning: another project's Dockerfile would put every layer on its FROM line.
 */
function dockerfileThatBuilt<T>(
  dockerfile: T,
  names: { dockerfile: string; image: string },
  measured: ImageMeasurement
): T | undefined {
  if (measured.madeByDockerfile) return dockerfile
  log.warning(
    `${names.dockerfile} cannot have built ${names.image}: the image's last steps are not its instructions. Its layers are shown without Dockerfile lines, and no hints are drawn from the Dockerfile.`
  )
  return undefined
}

/** The image the final stage's chain starts FROM, as the build args resolve it; null where unknown. */
function baseImageOf(target: ResolvedTarget): string | null {
  const root = target.chain[0]?.base
  return root?.kind === 'image' ? root.ref : null
}

/** The one place a measured image becomes a report, with the hints its Dockerfile gives. */
export function measuredReport(image: MeasuredImage, context: ReportContext): MeasuredTarget {
  const { identity, build, measured } = image
  const names = { dockerfile: context.dockerfile || 'The Dockerfile', image: build.target }
  const dockerfile = image.dockerfile && dockerfileThatBuilt(image.dockerfile, names, measured)
  const hidden = hiddenByLine(measured)
  const hints = dockerfile ? hintsFor(dockerfile, measured, hidden) : []
  const devLines = devPackageLines(devPackagesOf(measured))
  const fixes =
    dockerfile && fixesOf(dockerfile.target, { hidden, layers: measured.layers, devLines })
  const fixReport = fixes ? fixesReport(context.dockerfile, fixes.text, fixes.list) : null
  const buildChecks = image.dockerfile
    ? buildChecksOf(build.metadata, {
        file: image.dockerfile.file,
        text: image.dockerfile.target.text
      })
    : []
  return {
    report: buildReport({
      context,
      identity,
      build,
      measured,
      hints,
      buildChecks,
      fixes: fixReport,
      base: dockerfile ? basePart(measured.layers, baseImageOf(dockerfile.target)) : null
    }),
    build,
    dockerfile: dockerfile && { file: dockerfile.file, target: dockerfile.target },
    fixes,
    contents: measured.contents
  }
}

/** What a report says of the run that made it; what no run gave is left empty. */
export function reportContext(given: Partial<ReportContext>): ReportContext {
  return {
    commit: null,
    ref: null,
    dockerfile: '',
    buildArgs: {},
    builtWith: [],
    secrets: [],
    now: new Date(),
    ...given
  }
}
