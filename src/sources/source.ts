/** Where a source works, and what it stamps on the reports it makes. */
export interface SourceRun {
  /** The checkout: labels and cache scopes are relative to it. */
  workspace: string
  /** A folder of this step's own for the builder's files. */
  workDir: string
  commit: string | null
  ref: string | null
}
