import type { ImageReport, PackageReport, PackagesReport } from './types.js'

/** Enough packages for any image's change, few enough that a report of thousands stays small. */
const MAX_PACKAGES = 2000
/** A package whose size moved less than this is the same package: timestamps, pyc files. */
const MIN_GROWTH = 10_000

/** The report's packages: counts by ecosystem, and the largest packages. */
export function packagesReport(packages: PackageReport[]): PackagesReport {
  const byEcosystem = new Map<PackageReport['ecosystem'], { packages: number; bytes: number }>()
  for (const item of packages) {
    const totals = byEcosystem.get(item.ecosystem) ?? { packages: 0, bytes: 0 }
    totals.packages += 1
    totals.bytes += item.bytes
    byEcosystem.set(item.ecosystem, totals)
  }
  return {
    ecosystems: [...byEcosystem].map(([ecosystem, totals]) => ({ ecosystem, ...totals })),
    list: [...packages].sort((a, b) => b.bytes - a.bytes).slice(0, MAX_PACKAGES)
  }
}

type PackageChangeKind = 'added' | 'removed' | 'upgraded' | 'grown' | 'shrunk'

/** One package's change between the base image and the head image. */
export interface PackageChange {
  ecosystem: PackageReport['ecosystem']
  name: string
  kind: PackageChangeKind
  /** Versions on each side ([] where the package is not there). */
  before: string[]
  after: string[]
  delta: number
  /** Bytes in the head (the base's, for a package removed). */
  bytes: number
  /** The Dockerfile line of the layer holding most of it (the base's, for a package removed). */
  line: number | null
  dev: boolean
}

const keyOf = (item: PackageReport): string => `${item.ecosystem}\0${item.name}`

/**
 * The smallest package a report may have left out of its list: a package missing
 * from one side's list may just be smaller than that.
 */
function unlistedBelow(packages: PackagesReport): number {
  const listed = packages.list.length
  const all = packages.ecosystems.reduce((sum, ecosystem) => sum + ecosystem.packages, 0)
  return listed >= all || listed === 0 ? 0 : packages.list[listed - 1].bytes
}

function kindOf(
  before: PackageReport | undefined,
  after: PackageReport | undefined,
  delta: number
): PackageChangeKind | undefined {
  if (!before) return 'added'
  if (!after) return 'removed'
  if (before.versions.join() !== after.versions.join()) return 'upgraded'
  if (Math.abs(delta) < MIN_GROWTH) return undefined
  return delta > 0 ? 'grown' : 'shrunk'
}

/**
 * What changed by package: added, removed, upgraded (another version) and grown
 * or shrunk, the largest change first. Empty when either report has no packages.
 */
export function packageChanges(base: ImageReport, head: ImageReport): PackageChange[] {
  if (!base.packages || !head.packages) return []
  const lineOf = (report: ImageReport, layer: number) => report.layers[layer]?.line || null
  const before = new Map(base.packages.list.map(item => [keyOf(item), item]))
  const after = new Map(head.packages.list.map(item => [keyOf(item), item]))
  const [baseUnlisted, headUnlisted] = [unlistedBelow(base.packages), unlistedBelow(head.packages)]
  const changes: PackageChange[] = []
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const [was, is] = [before.get(key), after.get(key)]
    // Missing from a list that leaves small packages out: not known to be gone.
    if ((!was && (is?.bytes ?? 0) <= baseUnlisted) || (!is && (was?.bytes ?? 0) <= headUnlisted))
      continue
    const delta = (is?.bytes ?? 0) - (was?.bytes ?? 0)
    const kind = kindOf(was, is, delta)
    const item = (is ?? was) as PackageReport
    if (!kind) continue
    changes.push({
      ecosystem: item.ecosystem,
      name: item.name,
      kind,
      before: was?.versions ?? [],
      after: is?.versions ?? [],
      delta,
      bytes: item.bytes,
      line: lineOf(is ? head : base, item.layer),
      dev: item.dev
    })
  }
  return changes.sort(
    (a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.name.localeCompare(b.name)
  )
}

/** Versions as a reader says them: `5.6.3`, or `2.1.2, 2.1.3` for copies of several. */
export const versionsText = (versions: string[]): string => versions.join(', ')

/** `4.3.4 → 4.3.5` for an upgrade; else the versions there are (the base's, for a package removed). */
export function versionChangeText(change: PackageChange): string {
  if (change.kind === 'upgraded')
    return `${versionsText(change.before)} → ${versionsText(change.after)}`
  return versionsText(change.after.length > 0 ? change.after : change.before)
}
