// The proof of sameness's cost (docs/fixes.md, "Fixes, proven by a build"): a fix's build is
// measured with every file's owner, mode and digest kept, then compared with the
// head's, where a plain measurement keeps none. Paired runs of the two on each image.
import { median } from './bench-timing.js'

/** The target: a measurement that proves sameness takes at most this share of a plain one. */
export const MAX_PROOF_RATIO = 1.2

export interface ProofRow {
  what: string
  plainMs: number
  proofMs: number
  ratio: number
}

/** One measurement's wall time: plain, or keeping the file table and comparing it. */
export type MeasureTime = (tag: string, proof: boolean) => number

/** Each image measured plainly and with its proof, in turn first, `runs` times. */
export function proofRows(
  images: { tag: string; what: string }[],
  runs: number,
  time: MeasureTime
): ProofRow[] {
  return images.map(image => {
    const plain: number[] = []
    const proof: number[] = []
    for (let run = 0; run < runs; run++) {
      if (run % 2 === 0) plain.push(time(image.tag, false))
      proof.push(time(image.tag, true))
      if (run % 2 === 1) plain.push(time(image.tag, false))
    }
    const row = {
      what: image.what,
      plainMs: median(plain),
      proofMs: median(proof),
      ratio: median(proof.map((ms, run) => ms / plain[run]))
    }
    console.log(
      `${image.tag} (proof): ${row.proofMs.toFixed(0)} ms against ${row.plainMs.toFixed(0)} ms (${row.ratio.toFixed(2)}×)`
    )
    return row
  })
}

export const proofMet = (row: ProofRow): boolean => row.ratio <= MAX_PROOF_RATIO

export function proofMarkdown(rows: ProofRow[], runs: number): string[] {
  return [
    '### Proof of sameness (classic store)',
    '',
    'A fix verified by a build is compared with the head file by file (kind, mode, owner,',
    'digest, link) in the pass that measures it: the layer reader hashes every file as it',
    'passes, and the two file tables are compared once read. Each image is measured both',
    `ways; medians of ${runs} paired runs, the ratio the median of the runs' ratios.`,
    '',
    '| image | measure | measure, file table and comparison | ratio | target |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      row =>
        `| ${row.what} | ${row.plainMs.toFixed(0)} ms | ${row.proofMs.toFixed(0)} ms | ${row.ratio.toFixed(2)}× | ≤ ${MAX_PROOF_RATIO}×: ${proofMet(row) ? 'met' : '**missed**'} |`
    ),
    ''
  ]
}
