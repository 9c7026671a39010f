import { describe, expect, it } from '@jest/globals'
import { compareTargets } from '../../../src/report/compare.js'
import { type GateConfig, judge } from '../../../src/report/gate.js'
import type { ImageReport } from '../../../src/report/types.js'
import { sampleReport } from '../../helpers/reports.js'

const MB = 1_000_000

/** A report whose compressed size is `compressed` and uncompressed 3× that. */
function sized(compressed: number, target = 'production'): ImageReport {
  return sampleReport({ target, compressedBytes: compressed, uncompressedBytes: compressed * 3 })
}

function verdictFor(base: number | null, head: number, gate: Partial<GateConfig>) {
  const [comparison] = compareTargets([sized(head)], base === null ? [] : [sized(base)])
  return judge(comparison, { metric: 'compressed', ...gate })
}

describe('the gate', () => {
  it.each([
    ['percent only: over', 100 * MB, 111 * MB, { maxIncrease: { percent: 10 } }, true],
    ['percent only: within', 100 * MB, 109 * MB, { maxIncrease: { percent: 10 } }, false],
    ['bytes only: over', 100 * MB, 106 * MB, { maxIncrease: { bytes: 5 * MB } }, true],
    ['bytes only: within', 100 * MB, 104 * MB, { maxIncrease: { bytes: 5 * MB } }, false],
    [
      'both: over both fails',
      100 * MB,
      120 * MB,
      { maxIncrease: { percent: 10, bytes: 5 * MB } },
      true
    ],
    [
      'both: over percent only passes',
      10 * MB,
      12 * MB,
      { maxIncrease: { percent: 10, bytes: 5 * MB } },
      false
    ],
    [
      'both: over bytes only passes',
      1000 * MB,
      1006 * MB,
      { maxIncrease: { percent: 10, bytes: 5 * MB } },
      false
    ],
    ['budget: over', 100 * MB, 151 * MB, { maxSize: 150 * MB }, true],
    ['budget: within', 100 * MB, 149 * MB, { maxSize: 150 * MB }, false],
    [
      'shrinkage never fails max-increase',
      100 * MB,
      50 * MB,
      { maxIncrease: { percent: 1, bytes: 1 } },
      false
    ],
    ['shrinkage still fails a budget it is over', 300 * MB, 200 * MB, { maxSize: 150 * MB }, true],
    [
      'missing baseline never fails max-increase',
      null,
      500 * MB,
      { maxIncrease: { percent: 1, bytes: 1 } },
      false
    ],
    ['no limits, never fails', 100 * MB, 900 * MB, {}, false]
  ])('%s', (_name, base, head, gate, exceeded) => {
    expect(verdictFor(base, head, gate).exceeded).toBe(exceeded)
  })

  it('says each verdict in one sentence', () => {
    expect(
      verdictFor(41.2 * MB, 63.9 * MB, { maxIncrease: { percent: 10, bytes: 5 * MB } }).sentence
    ).toBe('production grew by 22.7 MB (+55.1%), over the max-increase of 10% and 5.0 MB.')
    expect(
      verdictFor(100 * MB, 101 * MB, { maxIncrease: { percent: 10 }, maxSize: 150 * MB }).sentence
    ).toBe(
      'production grew by 1.0 MB (+1.0%), within the max-increase of 10%; 101 MB is within the max-size of 150 MB.'
    )
    expect(verdictFor(100 * MB, 90 * MB, {}).sentence).toBe(
      'production shrank by 10.0 MB (-10.0%).'
    )
    expect(verdictFor(100 * MB, 100 * MB, {}).sentence).toBe('production is unchanged.')
    expect(verdictFor(null, 90 * MB, { maxSize: 80 * MB }).sentence).toBe(
      'production is 90.0 MB, with no baseline to compare with; its compressed size of 90.0 MB is over the max-size of 80.0 MB.'
    )
  })

  it('judges the uncompressed size when asked', () => {
    expect(
      verdictFor(10 * MB, 12 * MB, { metric: 'uncompressed', maxSize: 30 * MB }).exceeded
    ).toBe(true)
    expect(verdictFor(10 * MB, 12 * MB, { metric: 'compressed', maxSize: 30 * MB }).exceeded).toBe(
      false
    )
  })

  it('a new target is measured against the budget only', () => {
    const [api, worker] = compareTargets(
      [sized(10 * MB, 'api'), sized(500 * MB, 'worker')],
      [sized(9 * MB, 'api')]
    )
    expect(worker.status).toBe('new')
    expect(judge(worker, { metric: 'compressed', maxIncrease: { percent: 1 } })).toEqual({
      target: 'worker',
      exceeded: false,
      sentence: 'worker is a new target at 500 MB.'
    })
    expect(judge(worker, { metric: 'compressed', maxSize: 100 * MB }).exceeded).toBe(true)
    expect(api.status).toBe('compared')
  })

  it('a removed target is said, never failed', () => {
    const comparisons = compareTargets(
      [sized(10 * MB, 'api')],
      [sized(9 * MB, 'api'), sized(50 * MB, 'legacy')]
    )
    expect(comparisons.map(comparison => [comparison.target, comparison.status])).toEqual([
      ['api', 'compared'],
      ['legacy', 'removed']
    ])
    expect(judge(comparisons[1], { metric: 'compressed', maxSize: 1 })).toEqual({
      target: 'legacy',
      exceeded: false,
      sentence: 'legacy is no longer built.'
    })
  })
})
