import { allTogether, type Fix, type FixFacts, findFixes } from '../dockerfile/fixes/index.js'
import { suggestionOf, unifiedDiff } from '../dockerfile/fixes/present.js'
import type { HiddenByLine } from '../dockerfile/hints.js'
import type { ResolvedTarget } from '../dockerfile/resolve.js'
import type { LayerReport, FixesReport, Saving } from '../report/types.js'

/** Why a fix has no saving when no build was asked for. */
const NOT_BUILT = 'not built'

/** What the image showed that fixes read: hidden copies, each layer's folders, dev packages by line. */
export interface FixMeasures {
  hidden: HiddenByLine[]
  layers: Pick<LayerReport, 'line' | 'folders'>[]
  devLines: ReadonlySet<number>
}

/** What the fixes read of an image: its Dockerfile's lines, its target, and what its layers held. */
function fixFacts(
  text: string,
  target: Pick<ResolvedTarget, 'chain' | 'stages'>,
  { hidden, layers, devLines }: FixMeasures
): FixFacts {
  const written = new Map<number, string[]>()
  for (const layer of layers)
    written.set(layer.line, [...(written.get(layer.line) ?? []), ...layer.folders])
  const lines = text.split(/\r?\n/)
  return { lines, chain: target.chain, stages: target.stages, hidden, written, devLines }
}

/** A Dockerfile's text and the fixes found for it. */
export interface DockerfileFixes {
  text: string
  list: Fix[]
}

/** A fix's outcome: its saving and what it removes where a build verified it, or why not. */
export interface FixOutcome {
  saving: Saving | null
  unverified: string | null
  removes: string | null
}

/** Fixes applied together, as the report names them: their rules and one diff. */
export function togetherReport(
  label: string,
  text: string,
  together: Fix[]
): Pick<FixesReport['together'], 'rules' | 'diff'> {
  return { rules: together.map(fix => fix.rule), diff: unifiedDiff(label, text, together) }
}

/**
 * The report's fixes: each fix with its diff and suggested change, and all those
 * that go together; not built yet (see verify-fixes.ts).
 */
export function fixesReport(label: string, text: string, fixes: Fix[]): FixesReport | null {
  if (fixes.length === 0) return null
  const together = allTogether(fixes)
  const notBuilt: FixOutcome = { saving: null, unverified: NOT_BUILT, removes: null }
  return {
    list: fixes.map(fix => ({
      rule: fix.rule,
      title: fix.title,
      line: fix.line,
      endLine: fix.endLine,
      suggestion: suggestionOf(fix, text).lines,
      diff: unifiedDiff(label, text, [fix]),
      ...notBuilt
    })),
    together: { ...togetherReport(label, text, together), ...notBuilt },
    verifyMs: 0
  }
}

/** The fixes of a measured image's Dockerfile, and the text they edit. */
export function fixesOf(
  target: Pick<ResolvedTarget, 'chain' | 'stages' | 'text'>,
  measures: FixMeasures
): DockerfileFixes {
  return { text: target.text, list: findFixes(fixFacts(target.text, target, measures)) }
}
