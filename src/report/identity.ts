import { createHash } from 'node:crypto'

/** The name of the target when the user asked for none: whatever the last stage is called. */
const DEFAULT_TARGET_IDENTITY = '(last stage)'

/** What makes two builds the same image, across commits and branches. */
export interface IdentityInput {
  /** The user's own name for the image (`id` input); overrides everything else. */
  id?: string
  /** Dockerfile and context, relative to the workspace. */
  dockerfile: string
  context: string
  /** The target as the user asked for it; undefined when none was asked. */
  target?: string
  platform: string
  /** Build args, secret values already redacted. */
  buildArgs: Record<string, string>
}

export interface ImageIdentity {
  /** Names this image: baseline key, comment marker, gha cache scope. */
  key: string
  /** The same image with any build args: where a baseline may come from when the exact one is missing. */
  family: string
  /** What the identity is made of, for people. */
  label: string
}

function hash(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16)
}

export function imageIdentity(input: IdentityInput): ImageIdentity {
  if (input.id) {
    const key = hash(['id', input.id])
    return { key, family: key, label: `id ${input.id}` }
  }
  const target = input.target ?? DEFAULT_TARGET_IDENTITY
  const args = Object.keys(input.buildArgs)
    .sort()
    .map(name => `${name}=${input.buildArgs[name]}`)
  const family = hash([input.dockerfile, input.context, target, input.platform])
  return {
    key: hash([family, ...args]),
    family,
    label: [input.dockerfile, `context ${input.context}`, target, input.platform, ...args].join(
      ', '
    )
  }
}

/** Build args that differ between two reports, as `NAME=value` of the base (`NAME unset` where it had none). */
function differentBuildArgs(base: Record<string, string>, head: Record<string, string>): string[] {
  const names = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort()
  return names
    .filter(name => base[name] !== head[name])
    .map(name => (name in base ? `${name}=${base[name]}` : `${name} unset`))
}

/** Where reports and baselines meet: the image's identity (reports from before it: the target). */
export function identityKey(report: { identity: ImageIdentity | null; target: string }): string {
  return report.identity?.key ?? report.target
}

/** A baseline as the comparison needs it: its report, and which commit it was meant to be. */
export interface BaselineFacts {
  sha: string
  expectedSha: string | null
  buildArgs: Record<string, string>
  /** Untracked files of the head's context that the base build lacked. */
  untracked: string[]
}

/** How many untracked entries a caveat names before it says how many more. */
const UNTRACKED_SHOWN = 5

function untrackedText(untracked: string[]): string {
  const shown = untracked.slice(0, UNTRACKED_SHOWN).join(', ')
  const more = untracked.length - UNTRACKED_SHOWN
  return `the base was built from git without what this build's context has untracked: ${shown}${more > 0 ? ` and ${more} more` : ''}`
}

/**
 * Why a baseline shows a change that may not be this PR's: another commit than the
 * base, other build args, or generated inputs the base build could not have. Such
 * a change is shown, never gated.
 */
export function baselineCaveat(
  baseline: BaselineFacts,
  headArgs: Record<string, string>
): string | null {
  const reasons: string[] = []
  if (baseline.expectedSha && baseline.sha !== baseline.expectedSha)
    reasons.push(
      `the baseline is of ${baseline.sha.slice(0, 7)}, not the base commit ${baseline.expectedSha.slice(0, 7)}`
    )
  const args = differentBuildArgs(baseline.buildArgs, headArgs)
  if (args.length > 0) reasons.push(`the baseline was built with ${args.join(', ')}`)
  if (baseline.untracked.length > 0) reasons.push(untrackedText(baseline.untracked))
  return reasons.length > 0 ? reasons.join('; ') : null
}

/** The user's `id` for one of several images: `id/part` where there are several, else `id`. */
export function idPart(id: string | undefined, several: boolean, part: string): string | undefined {
  return id && several ? `${id}/${part}` : id
}
