/** A dotted version as tools print it: `v0.10.5`, `0.21.1+ds1`, `20.10.24+dfsg1`. */
export interface Version {
  major: number
  minor: number
  patch: number
}

export function parseVersion(text: string | undefined): Version | undefined {
  const match = /\bv?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text ?? '')
  if (!match) return undefined
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) }
}

/** Whether `version` is at least `minimum` (e.g. "0.21.0"). */
export function atLeast(version: Version, minimum: string): boolean {
  const min = parseVersion(minimum) as Version
  if (version.major !== min.major) return version.major > min.major
  if (version.minor !== min.minor) return version.minor > min.minor
  return version.patch >= min.patch
}

export function formatVersion(version: Version): string {
  return `${version.major}.${version.minor}.${version.patch}`
}

/** What `docker buildx inspect` says of a builder and its first node. */
export interface BuilderInspection {
  name?: string
  driver?: string
  /** `running`, `inactive`, `stopped`, … */
  status?: string
  /** The node's BuildKit version; with the docker driver, the engine's version. */
  buildkit?: string
  /** The `ERROR:` line buildx prints when the builder could not boot. */
  error?: string
}

export function parseInspect(output: string): BuilderInspection {
  const field = (name: string): string | undefined =>
    new RegExp(`^${name}:[ \\t]*(\\S.*?)\\s*$`, 'm').exec(output)?.[1]
  return {
    name: field('Name'),
    driver: field('Driver'),
    status: field('Status'),
    buildkit: field('Buildkit') ?? field('BuildKit version'),
    error: /^(?:#\d+ )?ERROR:?\s*(.+)$/m.exec(output)?.[1]
  }
}
