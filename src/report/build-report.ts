import type { BuildResult } from '../buildx/run.js'
import type { Hint } from '../dockerfile/hints.js'
import type { ImageMeasurement } from '../image/measure.js'
import { redactText } from '../dockerfile/buildargs.js'
import { TOOL_VERSION } from '../version.js'
import type { ImageIdentity } from './identity.js'
import { type ImageReport, REPORT_SCHEMA } from './types.js'

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
export interface TargetReportInput {
  context: ReportContext
  identity: ImageIdentity
  build: BuildResult
  measured: ImageMeasurement
  hints: Hint[]
}

export function buildReport({
  context,
  identity,
  build,
  measured,
  hints
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
    files: measured.files,
    wastedBytes: measured.wastedBytes,
    efficiency: measured.efficiency,
    userWastedPercent: measured.userWastedPercent,
    hints,
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
