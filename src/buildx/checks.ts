import type { BuildCheck } from '../report/types.js'

/** One warning as buildx writes it in its metadata file (with BUILDX_METADATA_WARNINGS). */
interface VertexWarning {
  /** Base64 of `Rule: what (line N)`. */
  short?: string
  /** Base64 lines of the rule's description. */
  detail?: string[]
  url?: string
  sourceInfo?: WarningSource
  range?: { start?: { line?: number } }[]
}

/** Where buildx puts the build's warnings in its metadata file. */
const WARNINGS_KEY = 'buildx.build.warnings'

/** In the Dockerfile's order: BuildKit reports them in the order its checks finish. */
function byLine(a: BuildCheck, b: BuildCheck): number {
  return (a.line ?? 0) - (b.line ?? 0) || a.rule.localeCompare(b.rule)
}

function decoded(base64: string): string {
  return Buffer.from(base64, 'base64').toString('utf8')
}

/** The file a warning is about: its name as the frontend got it and its text, in base64. */
type WarningSource = { filename?: string; data?: string } | undefined

/** A source that is this Dockerfile, as build-push-action matches it: same name ending, same text. */
function isDockerfile(source: WarningSource, dockerfile: { file: string; text: string }): boolean {
  if (!source?.filename || !source.data) return false
  return dockerfile.file.endsWith(source.filename) && decoded(source.data) === dockerfile.text
}

function checkOf(warning: VertexWarning & { short: string; detail: string[] }): BuildCheck {
  const short = decoded(warning.short).replace(/\s\(line \d+\)$/, '')
  const colon = short.indexOf(': ')
  return {
    rule: colon === -1 ? '' : short.slice(0, colon),
    line: warning.range?.[0]?.start?.line ?? null,
    message: colon === -1 ? short : short.slice(colon + 2),
    description: warning.detail.map(decoded).join(' '),
    url: warning.url ?? null
  }
}

/** A check as `--call check` answers it, in the metadata's `result.json`. */
interface CheckWarning {
  ruleName?: string
  description?: string
  url?: string
  detail?: string
  location?: { sourceIndex?: number; ranges?: { start?: { line?: number } }[] }
}

interface CheckAnswer {
  warnings?: CheckWarning[]
  sources?: WarningSource[]
}

/** The checks `--call check` found on this Dockerfile, from buildx's metadata. */
export function callChecksOf(
  metadata: Record<string, unknown> | undefined,
  dockerfile: { file: string; text: string }
): BuildCheck[] {
  const answer = metadata?.['result.json'] as CheckAnswer | undefined
  if (!answer || !Array.isArray(answer.warnings)) return []
  return answer.warnings
    .filter(warning =>
      isDockerfile(answer.sources?.[warning.location?.sourceIndex ?? 0], dockerfile)
    )
    .map(warning => ({
      rule: warning.ruleName ?? '',
      line: warning.location?.ranges?.[0]?.start?.line ?? null,
      message: warning.detail ?? '',
      description: warning.description ?? '',
      url: warning.url ?? null
    }))
    .sort(byLine)
}

/**
 * BuildKit's Dockerfile checks on the Dockerfile that was built (FromAsCasing,
 * SecretsUsedInArgOrEnv, …), from buildx's metadata; warnings without a rule or
 * about another file (a frontend's own) are left out, as build-push-action leaves them.
 */
export function buildChecksOf(
  metadata: Record<string, unknown> | undefined,
  dockerfile: { file: string; text: string }
): BuildCheck[] {
  const warnings = metadata?.[WARNINGS_KEY]
  if (!Array.isArray(warnings)) return []
  return (warnings as VertexWarning[])
    .filter(
      (warning): warning is VertexWarning & { short: string; detail: string[] } =>
        typeof warning.short === 'string' && Array.isArray(warning.detail)
    )
    .filter(warning => isDockerfile(warning.sourceInfo, dockerfile))
    .map(checkOf)
    .sort(byLine)
}
