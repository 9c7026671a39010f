import { describe, expect, it } from '@jest/globals'
import { COMMENT_LIMIT, renderComment } from '../../../src/report/comment.js'
import {
  compareLayers,
  compareTargets,
  describeLayer,
  type TargetComparison
} from '../../../src/report/compare.js'
import { type GateConfig, judge, type Verdict } from '../../../src/report/gate.js'
import {
  increaseProblem,
  parseIncreaseLimit,
  parseSize,
  sizeProblem
} from '../../../src/report/limits.js'
import type { ImageReport } from '../../../src/report/types.js'
import { baselineCaveat, identityKey, idPart } from '../../../src/report/identity.js'
import { renderSummary } from '../../../src/report/summary.js'
import { whatGrew } from '../../../src/report/what-grew.js'
import { layer, sampleReport } from '../../helpers/reports.js'

const MB = 1_000_000

/** A report whose compressed size is `compressed` and uncompressed 3× that. */
function sized(compressed: number, target = 'production'): ImageReport {
  return sampleReport({ target, compressedBytes: compressed, uncompressedBytes: compressed * 3 })
}

/** The comment with nothing but these comparisons and verdicts to say. */
function commentOf(comparisons: TargetComparison[], verdicts: Verdict[] = []): string {
  return renderComment({
    marker: 'sizegate:test',
    baseLabel: 'main',
    comparisons,
    verdicts,
    metric: 'compressed',
    baseline: null,
    acceptance: null,
    blobUrl: null,
    now: new Date()
  })
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

describe('the job summary', () => {
  it("counts hints in words that fit the count, and shows the Dockerfile's own words", () => {
    const hint = { rule: 'runs-as-root' as const, line: 3, bytes: null, message: 'runs as root' }
    const copy = {
      ...layer(3, 'COPY /app/node_modules ./node_modules # buildkit', 9_000_000),
      source: 'COPY --from=deps /app/node_modules ./node_modules'
    }
    const one = renderSummary([sampleReport({ hints: [hint], layers: [copy] })])
    expect(one).toContain(', 1 hint</summary>')
    expect(one).toContain('<code>COPY --from=deps /app/node&#95;modules ./node&#95;modules</code>')
    expect(renderSummary([sampleReport({ hints: [hint, hint] })])).toContain(', 2 hints</summary>')
  })
})

describe('the id of one of several images', () => {
  it("is the user's id with the part where there are several, the id alone where one", () => {
    expect(idPart('api', true, 'production')).toBe('api/production')
    expect(idPart('api', false, 'production')).toBe('api')
    expect(idPart(undefined, true, 'production')).toBeUndefined()
  })
})

describe('limits', () => {
  it.each([
    ['150MB', 150_000_000],
    ['150 MB', 150_000_000],
    ['1.5GB', 1_500_000_000],
    ['512kB', 512_000],
    ['64KiB', 65_536],
    ['2MiB', 2_097_152],
    ['1GiB', 1_073_741_824],
    ['900B', 900],
    // Docker's flags read a bare k, M, G as binary: --shm-size 64m is 64 MiB.
    ['64m', 67_108_864],
    ['5M', 5_242_880],
    ['10k', 10_240],
    ['2G', 2_147_483_648],
    ['1.5 Gi', 1_610_612_736],
    ['900', undefined],
    ['lots', undefined],
    ['5 parsecs', undefined],
    ['5MiBs', undefined]
  ])('parseSize(%s) is %s', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes)
  })

  it('refuses a bare number with both readings, and names the units', () => {
    expect(sizeProblem('150')).toBe(
      'has no unit; expected a size with its unit, like 150MB or 150MiB'
    )
    expect(increaseProblem('10')).toBe(
      'has no unit on 10; expected a percent or a size, like 10% or 10MB'
    )
    expect(increaseProblem('10%, 5')).toMatch(/^has no unit on 5; .* 5% or 5MB$/)
    expect(sizeProblem('lots')).toMatch(/^is not a size; expected a number with kB, MB, GB .* KiB/)
    expect(parseIncreaseLimit('10')).toBeUndefined()
  })

  it('parses max-increase in either order', () => {
    expect(parseIncreaseLimit('10%, 5MB')).toEqual({ percent: 10, bytes: 5_000_000 })
    expect(parseIncreaseLimit('5MB,10%')).toEqual({ percent: 10, bytes: 5_000_000 })
    expect(parseIncreaseLimit('2.5%')).toEqual({ percent: 2.5 })
    expect(parseIncreaseLimit('10%, 20%')).toBeUndefined()
    expect(parseIncreaseLimit('ten')).toBeUndefined()
  })
})

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

describe('the comment', () => {
  const base = sized(41.2 * MB)
  const head = sampleReport({
    compressedBytes: 63.9 * MB,
    uncompressedBytes: 150 * MB,
    layers: [...base.layers, layer(9, 'COPY /app/video.bin ./video.bin # buildkit', 22.7 * MB)]
  })
  const input = (heads: ImageReport[], bases: ImageReport[]) => {
    const comparisons = compareTargets(heads, bases)
    return {
      marker: 'sizegate:test',
      baseLabel: 'main',
      comparisons,
      verdicts: comparisons.map(comparison =>
        judge(comparison, { metric: 'compressed', maxIncrease: { percent: 10, bytes: 5 * MB } })
      ),
      metric: 'compressed' as const,
      baseline: {
        source: 'cache' as const,
        ref: 'main',
        sha: 'aaaaaaa1234',
        createdAt: '2026-11-28T00:00:00Z',
        expectedSha: 'bbbbbbb5678',
        untracked: []
      },
      acceptance: null,
      blobUrl: null,
      now: new Date('2026-11-28T02:00:00Z')
    }
  }

  it('shows the table, the verdict, the changed layers and where the baseline came from', () => {
    const body = renderComment(input([head], [base]))
    expect(body.startsWith('<!-- sizegate:test -->')).toBe(true)
    expect(body).toContain('| Target | main | this PR | Change |')
    expect(body).toContain('| production | 41.2 MB | 63.9 MB | +22.7 MB (+55.1%) 🆘 |')
    expect(body).toContain(
      '**Size limit crossed:** production grew by 22.7 MB (+55.1%), over the max-increase of 10% and 5.0 MB.'
    )
    expect(body).toContain('<summary>production: 1 layer changed</summary>')
    expect(body).toContain(
      '| Dockerfile:9 <code>COPY /app/video.bin ./video.bin</code> | production | – | 7.6 MB | +7.6 MB (added) |'
    )
    expect(body).toContain('Baseline: <code>main</code> at <code>aaaaaaa</code>, recorded 2 h ago.')
    expect(body).toContain("This is not the PR's base commit <code>bbbbbbb</code>")
  })

  it("shows the Dockerfile's own words, linked to the line in the PR's head commit", () => {
    const written = sampleReport({
      layers: [
        ...base.layers,
        {
          ...layer(9, 'COPY /app/node_modules ./node_modules # buildkit', 5 * MB),
          source: 'COPY --from=builder --chown=node /app/node_modules ./node_modules'
        }
      ]
    })
    const blobUrl = `https://github.com/o/r/blob/${'c'.repeat(40)}/`
    const body = renderComment({ ...input([written], [base]), blobUrl })
    expect(body).toContain(
      `| [Dockerfile:9](${blobUrl}Dockerfile#L9) <code>COPY --from=builder --chown=node /app/node&#95;modules ./node&#95;modules</code> |`
    )
    // A path from an artifact that climbs out of the repository gets no link.
    const climbing = renderComment({
      ...input([{ ...written, dockerfile: '../x/Dockerfile' }], [base]),
      blobUrl
    })
    expect(climbing).toContain('| ../x/Dockerfile:9 <code>COPY --from=builder')
  })

  it('says when there is no baseline', () => {
    const body = renderComment({ ...input([head], []), baseline: null })
    expect(body).toContain('| production | – | 63.9 MB | no baseline |')
    expect(body).toContain('No baseline of <code>main</code> was found')
  })

  it('escapes text from outside', () => {
    const hostile = sampleReport({
      target: 'x',
      dockerfile: 'docker/<img src=x onerror=alert(1)>|Dockerfile',
      layers: [layer(2, 'RUN /bin/sh -c echo "</code><script>" | tee `x` # buildkit', 5 * MB)],
      hints: [
        {
          rule: 'wasted-bytes',
          line: null,
          bytes: 2 * MB,
          message: '[click](http://evil.test) <img src=y>'
        }
      ]
    })
    const body = renderComment({
      ...input([hostile], [sized(1 * MB, 'x')]),
      baseLabel: 'feature/<b>*bold*</b>'
    })
    expect(body).not.toContain('<img')
    expect(body).not.toContain('<script>')
    expect(body).not.toContain('<b>')
    expect(body).toContain('&lt;script&gt;')
    expect(body).toContain('\\[click\\](http://evil.test)')
  })

  it('stays under 65,536 characters by dropping whole layer rows', () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      layer(i + 2, `RUN /bin/sh -c step-${i} ${'x'.repeat(60)} # buildkit`, (i + 1) * 1000)
    )
    const big = sampleReport({ layers: many, compressedBytes: 90 * MB })
    const full = renderComment(input([big], [base]), Number.MAX_SAFE_INTEGER)
    expect(full.length).toBeGreaterThan(COMMENT_LIMIT)
    const body = renderComment(input([big], [base]))
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT)
    expect(body).toContain('| production | 41.2 MB | 90.0 MB |')
    expect(body).toMatch(/…and \d+ more, left out to keep this comment under GitHub's size limit\./)
    // Every table row that is there is whole.
    for (const line of body.split('\n').filter(text => text.startsWith('|')))
      expect(line.endsWith('|')).toBe(true)
    expect(body.trimEnd().endsWith('</sub>')).toBe(true)
  })

  it('shows a change against a baseline of another commit or other build args, never gates it', () => {
    const caveat = baselineCaveat(
      {
        sha: 'bbb2222222',
        expectedSha: 'aaa1111111',
        buildArgs: { NODE_VERSION: '18' },
        untracked: []
      },
      { NODE_VERSION: '20' }
    )
    expect(caveat).toBe(
      'the baseline is of bbb2222, not the base commit aaa1111; the baseline was built with NODE_VERSION=18'
    )
    const [comparison] = compareTargets(
      [sized(60 * MB)],
      [sized(40 * MB)],
      new Map([[identityKey(sized(1)), caveat as string]])
    )
    const verdict = judge(comparison, {
      metric: 'compressed',
      maxIncrease: { percent: 10 },
      maxSize: 50 * MB
    })
    expect(verdict.exceeded).toBe(true)
    expect(verdict.sentence).toContain(
      'not judged against the max-increase: the baseline is of bbb2222'
    )
    expect(verdict.sentence).toContain('over the max-size')
    const lenient = judge(comparison, { metric: 'compressed', maxIncrease: { percent: 10 } })
    expect(lenient.exceeded).toBe(false)
    expect(
      baselineCaveat({ sha: 'a', expectedSha: 'a', buildArgs: {}, untracked: [] }, {})
    ).toBeNull()
    const generated = ['dist/', 'node_modules/', 'a', 'b', 'c', 'd', 'e']
    expect(
      baselineCaveat({ sha: 'a', expectedSha: 'a', buildArgs: {}, untracked: generated }, {})
    ).toBe(
      "the base was built from git without what this build's context has untracked: dist/, node_modules/, a, b, c and 2 more"
    )
  })

  it('pairs a renamed last stage with its baseline through the identity', () => {
    const before = sampleReport({ target: 'default' })
    const after = sampleReport({ target: 'production', identity: before.identity })
    const [comparison] = compareTargets([after], [before])
    expect(comparison).toMatchObject({ status: 'compared', target: 'production' })
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
    const body = commentOf(
      comparisons,
      comparisons.map(comparison => judge(comparison, gate))
    )
    expect(body).toContain(
      "Compressed sizes: estimated on both sides, each layer gzipped at level 6 as `gzip -6` does; Docker 28's own push (classic image store) stores about 3% more."
    )
  })
})

describe('what grew, by path', () => {
  const MiB = 1_000_000
  const folder = (path: string, bytes: number, layer: number) => ({ path, bytes, files: 10, layer })
  const withFiles = (
    folders: ReturnType<typeof folder>[],
    largestFiles: ImageReport['files']['largestFiles'] = []
  ) => sampleReport({ files: { fileCount: 100, largestFiles, folders, floor: 65536 } })
  const base = withFiles([
    folder('app', 32 * MiB, 2),
    folder('app/node_modules', 31 * MiB, 2),
    folder('app/node_modules/express', 6 * MiB, 2),
    folder('app/node_modules/lodash', 25 * MiB, 2),
    folder('usr', 5 * MiB, 0)
  ])
  const head = withFiles(
    [
      folder('app', 52 * MiB, 3),
      folder('app/node_modules', 51 * MiB, 3),
      folder('app/node_modules/typescript', 25 * MiB, 3),
      folder('app/node_modules/lodash', 26 * MiB, 2),
      folder('usr', 5 * MiB, 0)
    ],
    [{ path: 'app/node_modules/typescript/lib/tsc.js', bytes: 9 * MiB, layer: 3 }]
  )

  it('finds the folder that explains the change, and the parts of it that changed most', () => {
    const [group, ...others] = whatGrew(base, head)
    expect(others).toEqual([])
    expect(group).toMatchObject({
      path: 'app/node_modules',
      delta: 20 * MiB,
      status: 'grown',
      line: 4
    })
    expect(group.parts.map(part => [part.path, part.status, part.delta])).toEqual([
      ['app/node_modules/typescript', 'new', 25 * MiB],
      ['app/node_modules/express', 'gone', -6 * MiB],
      ['app/node_modules/lodash', 'grown', 1 * MiB]
    ])
  })

  it('is shown in the comment with sizes and lines, folded', () => {
    const comparisons = compareTargets([head], [base])
    const body = commentOf(comparisons)
    expect(body).toContain(
      '<summary>production: what changed by path, most in /app/node&#95;modules (+20.0 MB)</summary>'
    )
    // The reports' own floor, not a number of the comment's.
    expect(body).toContain(
      '<sub>Sizes by path are uncompressed, as the files lie on disk; folders under 65.5 kB are not tracked.</sub>'
    )
    expect(body).toContain(
      '- <code>/app/node&#95;modules</code> +20.0 MB (Dockerfile:4): <code>typescript</code> +25.0 MB (new, Dockerfile:4), <code>express</code> -6.0 MB (gone, Dockerfile:3), <code>lodash</code> +1.0 MB (Dockerfile:3)'
    )
  })

  it('never calls a file gone that only fell out of a full largest-files list', () => {
    const full = Array.from({ length: 50 }, (_, index) => ({
      path: `big/f${index}`,
      bytes: 10 * MiB,
      layer: 1
    }))
    const before = withFiles([], [{ path: 'app/a.bin', bytes: 2 * MiB, layer: 1 }])
    const after = withFiles([], full)
    expect(
      whatGrew(before, after).flatMap(group => [group.path, ...group.parts.map(part => part.path)])
    ).not.toContain('app/a.bin')
  })
})
