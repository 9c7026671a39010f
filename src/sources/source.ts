import type { BaseBuildResult } from '../baseline/base-build.js'
import type { PullRequestInfo } from '../github/context.js'
import type { MeasuredTarget } from '../measure/report.js'
import type { BaselineMode } from '../request.js'

/** Where a source works, and what it stamps on the reports it makes. */
export interface SourceRun {
  /** The checkout: labels and cache scopes are relative to it. */
  workspace: string
  /** A folder of this step's own for the builder's files. */
  workDir: string
  commit: string | null
  ref: string | null
}

/** A run's head images, measured, and where a pull request's base numbers may come from. */
export interface Heads {
  measured: MeasuredTarget[]
  baseline: BaselineMode
  /** Registry images standing for the base, one per head image, in order. */
  baselineImages: string[]
  /** The git checkout the Dockerfile is in: the workspace, or a folder of it. */
  repository: string
  /** Builds the base commit as the heads were built; absent where nothing is built here. */
  buildBase?: (pullRequest: PullRequestInfo) => Promise<BaseBuildResult>
}
