import { describe, expect, it } from '@jest/globals'
import { evaluate } from '../../../src/report/evaluate.js'
import { imageIdentity } from '../../../src/report/identity.js'
import { type ImageReport, type ReportFile, ReportFileSchema } from '../../../src/report/types.js'
import { sampleReport } from '../../helpers/reports.js'

const MB = 1_000_000

/** A report of `target` whose image is `compressed` bytes, compressed. */
function reportOf(target: string, compressed: number, buildArgs: Record<string, string> = {}) {
  const identity = imageIdentity({
    dockerfile: 'Dockerfile',
    context: '.',
    target,
    platform: 'linux/amd64',
    buildArgs
  })
  return sampleReport({ target, identity, buildArgs, compressedBytes: compressed })
}

/** The head's report file, with its base's report as the baseline. */
function headFile(
  head: ImageReport,
  base: ImageReport | null,
  extra: Partial<ReportFile> = {}
): ReportFile {
  const baseline = base && {
    source: 'cache' as const,
    ref: 'main',
    sha: 'bbb2222',
    createdAt: base.createdAt,
    expectedSha: 'bbb2222',
    untracked: [],
    report: base
  }
  return ReportFileSchema.parse({ ...head, baseline, ...extra })
}

const gate = { metric: 'compressed' as const, maxIncrease: { percent: 10 } }

describe('evaluate: the one judgement behind the comment, the summary and sizegate diff', () => {
  it('compares a head with its baseline and passes a growth under the limit', () => {
    const { comparisons, verdicts } = evaluate(
      [headFile(reportOf('app', 105 * MB), reportOf('app', 100 * MB))],
      gate,
      null
    )
    expect(comparisons).toMatchObject([
      { target: 'app', status: 'compared', compressed: { delta: 5 * MB, percent: 5 } }
    ])
    expect(verdicts).toMatchObject([{ target: 'app', exceeded: false }])
  })

  it('fails a growth over the limit, and a reviewer’s label accepts it', () => {
    const heads = [headFile(reportOf('app', 130 * MB), reportOf('app', 100 * MB))]
    expect(evaluate(heads, gate, null).verdicts).toMatchObject([{ exceeded: true }])
    const accepted = evaluate(heads, gate, { label: 'size-ok', by: 'reviewer', at: null })
    expect(accepted.verdicts).toMatchObject([{ exceeded: false, accepted: true }])
    expect(accepted.verdicts[0].sentence).toContain('Accepted by @reviewer with the label size-ok.')
  })

  it('says which image is new beside a baseline, and which went', () => {
    const gone = reportOf('worker', 40 * MB)
    const { comparisons } = evaluate(
      [
        headFile(reportOf('app', 100 * MB), reportOf('app', 100 * MB), { removed: [gone] }),
        headFile(reportOf('api', 20 * MB), null)
      ],
      gate,
      null
    )
    const status = Object.fromEntries(comparisons.map(item => [item.target, item.status]))
    expect(status).toEqual({ app: 'compared', api: 'new', worker: 'removed' })
  })

  it('has no baseline where no base was found, unless a build of the base showed the image is new', () => {
    const statusOf = (extra: Partial<ReportFile>) =>
      evaluate([headFile(reportOf('app', 20 * MB), null, extra)], gate, null).comparisons[0].status
    expect(statusOf({})).toBe('no-baseline')
    expect(statusOf({ newInPullRequest: true })).toBe('new')
  })

  it('puts a caveat on a baseline of another commit or other build args, and does not gate on it', () => {
    const head = headFile(
      reportOf('app', 100 * MB, { NODE_ENV: 'production' }),
      reportOf('app', 90 * MB, { NODE_ENV: 'development' })
    )
    const { comparisons, verdicts } = evaluate(
      [{ ...head, baseline: { ...head.baseline!, sha: 'ccc3333' } }],
      gate,
      null
    )
    expect(comparisons[0].caveat).toContain(
      'the baseline is of ccc3333, not the base commit bbb2222'
    )
    expect(comparisons[0].caveat).toContain('NODE_ENV')
    // 11% more, but not this PR's doing for certain: shown, never failed.
    expect(verdicts).toMatchObject([{ exceeded: false }])
    expect(verdicts[0].sentence).toContain('not judged against the max-increase')
  })
})
