import type { BuildCheck } from '../report/types.js'

/** One warning as buildx writes it in its metadata file (with BUILDX_METADATA_WARNINGS). */
interface VertexWarning {
  /** Base64 of `Rule: what (line N)`. */
  short?: string
  /** Base64 lines of the rule's description. */
  detail?: string[]
  url?: string
  /** The file the warning is about: its name as the frontend got it and its text, in base64. */
  sourceInfo?: { filename?: string; data?: string }
  range?: { start?: { line?: number } }[]
}

/** Where buildx puts the build's warnings in its metadata file. */
const WARNINGS_KEY = 'buildx.build.warnings'

function decoded(base64: string): string {
  return Buffer.from(base64, 'base64').toString('utf8')
}

/** A warning about this Dockerfile, as build-push-action matches it: same name ending, same text. */
function aboutDockerfile(warning: VertexWarning, file: string, text: string): boolean {
  const source = warning.sourceInfo
  if (!source?.filename || !source.data) return false
  return file.endsWith(source.filename) && decoded(source.data) === text
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
    .filter(warning => aboutDockerfile(warning, dockerfile.file, dockerfile.text))
    .map(checkOf)
}
