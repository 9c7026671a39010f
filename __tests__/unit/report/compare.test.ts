import { describe, expect, it } from '@jest/globals'
import { compareLayers, compareTargets, describeLayer } from '../../../src/report/compare.js'
import { type GateConfig, judge } from '../../../src/report/gate.js'
import type { ImageReport } from '../../../src/report/types.js'
import { layer, plainComment, sampleReport } from '../../helpers/reports.js'

const MB = 1_000_000

describe('layer comparison', () => {
  it('pairs layers by instruction, not position', () => {
    const base = [
      layer(1, '', 30 * MB),
      layer(3, 'COPY /app/node_modules ./node_modules # buildkit', 9 * MB),
      layer(4, 'RUN |1 V=1 /bin/sh -c build # buildkit', 1 * MB)
    ]
    const head = [
      layer(1, '', 30 * MB),
      layer(3, 'COPY /app/node_modules ./node_modules # buildkit', 12 * MB),
      layer(4, 'COPY /app/video.bin ./video.bin # buildkit', 20 * MB),
      layer(5, 'RUN |1 V=2 /bin/sh -c build # buildkit', 1 * MB)
    ]
    const changes = compareLayers(base, head)
    expect(
      changes.map(change => [change.status, change.what, change.baseLine, change.headLine])
    ).toEqual([
      ['unchanged', 'base image', 1, 1],
      ['grown', 'COPY /app/node_modules ./node_modules', 3, 3],
      ['added', 'COPY /app/video.bin ./video.bin', null, 4],
      ['unchanged', 'RUN /bin/sh -c build', 4, 5]
    ])
    expect(changes[2].uncompressed).toEqual({
      base: null,
      head: 20 * MB,
      delta: null,
      percent: null
    })
  })

  it('lists removed layers last', () => {
    const changes = compareLayers([layer(2, 'RUN /bin/sh -c apt-get install -y gcc', 50 * MB)], [])
    expect(changes.map(change => change.status)).toEqual(['removed'])
  })

  it('describes layers without builder noise', () => {
    expect(
      describeLayer(layer(2, 'RUN |2 A=1 B=two words /bin/sh -c make all # buildkit', 1))
    ).toBe('RUN /bin/sh -c make all')
    expect(describeLayer(layer(2, '|1 A=1 /bin/sh -c make', 1))).toBe('/bin/sh -c make')
  })
})

describe('like with like: one compressed measure on both sides', () => {
  /** The same image as a push records it: the registry's blob sizes, its gzip estimate kept. */
  function pushed(report: ImageReport, ratio: number): ImageReport {
    const layers = report.layers.map(item => ({
      ...item,
      compressedBytes: Math.round(item.compressedBytes * ratio)
    }))
    return {
      ...report,
      compressedSource: 'registry',
      compressedBytes: layers.reduce((sum, item) => sum + item.compressedBytes, 1500),
      layers
    }
  }
  const gate: GateConfig = { metric: 'compressed', maxIncrease: { bytes: 10_000 } }

  it('compares a pushed baseline with an unpushed head by the estimate both carry', () => {
    const head = sampleReport()
    const [comparison] = compareTargets([head], [pushed(head, 0.97)])
    expect(comparison.measure).toBe('gzip-estimate')
    expect(comparison.compressed.delta).toBe(0)
    expect(comparison.layers.every(item => item.compressed.delta === 0)).toBe(true)
    expect(judge(comparison, gate)).toMatchObject({ exceeded: false })
    expect(judge(comparison, gate).sentence).toBe('production is unchanged.')
  })

  it('keeps the registry count when both sides were pushed', () => {
    const base = pushed(sampleReport(), 0.97)
    const [comparison] = compareTargets([pushed(sampleReport(), 0.98)], [base])
    expect(comparison.measure).toBe('stored')
    expect(comparison.compressed.base).toBe(base.compressedBytes)
  })

  it('shows but does not judge a compressed change counted two ways', () => {
    const head = sampleReport()
    const old = pushed(head, 0.9)
    const base = {
      ...old,
      estimatedBytes: null,
      layers: old.layers.map(item => ({ ...item, estimatedBytes: null }))
    }
    const [comparison] = compareTargets([head], [base])
    expect(comparison.measure).toBe('mixed')
    const verdict = judge(comparison, gate)
    expect(verdict.exceeded).toBe(false)
    expect(verdict.sentence).toContain(
      "not judged against the max-increase: the base's compressed size is the registry's blob sizes and this one's a gzip -6 estimate"
    )
    // The uncompressed size is one measure everywhere: judged as usual.
    expect(judge(comparison, { ...gate, metric: 'uncompressed' }).sentence).toBe(
      'production is unchanged.'
    )
  })

  it('says in the comment which measure it compares', () => {
    const head = sampleReport()
    const comparisons = compareTargets([head], [pushed(head, 0.97)])
    const body = plainComment(
      comparisons,
      comparisons.map(comparison => judge(comparison, gate))
    )
    expect(body).toContain(
      "Compressed sizes: estimated on both sides, each layer gzipped at level 6 as `gzip -6` does; Docker 28's own push (classic image store) stores about 3% more."
    )
  })
})
