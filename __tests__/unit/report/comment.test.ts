import { describe, expect, it } from '@jest/globals'
import { COMMENT_LIMIT, renderComment } from '../../../src/report/comment.js'
import { compareTargets } from '../../../src/report/compare.js'
import { judge } from '../../../src/report/gate.js'
import type { ImageReport } from '../../../src/report/types.js'
import { baselineCaveat, identityKey } from '../../../src/report/identity.js'
import { layer, sampleReport } from '../../helpers/reports.js'

const MB = 1_000_000

/** A report whose compressed size is `compressed` and uncompressed 3× that. */
function sized(compressed: number, target = 'production'): ImageReport {
  return sampleReport({ target, compressedBytes: compressed, uncompressedBytes: compressed * 3 })
}

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

  it("picks out the build checks on lines the PR changed, linking only to Docker's pages", () => {
    const checks = [
      {
        rule: 'SecretsUsedInArgOrEnv',
        line: 3,
        message: 'Do not use ARG or ENV instructions for sensitive data (ENV "API_TOKEN")',
        description: '',
        url: 'https://docs.docker.com/go/dockerfile/rule/secrets-used-in-arg-or-env/'
      },
      {
        rule: 'Evil',
        line: 4,
        message: '<img src=x> **bold**',
        description: '',
        url: 'https://evil.example/'
      }
    ]
    const body = renderComment({
      ...input([head], [base]),
      changedChecks: [{ target: 'production', dockerfile: 'Dockerfile', checks }]
    })
    expect(body).toContain(
      '<details open><summary>⚠️ 2 Dockerfile checks on lines this PR changed</summary>'
    )
    expect(body).toContain(
      '- <code>Dockerfile</code> line 3 (production): **[SecretsUsedInArgOrEnv](https://docs.docker.com/go/dockerfile/rule/secrets-used-in-arg-or-env/)**: Do not use ARG or ENV instructions for sensitive data (ENV &quot;API\\_TOKEN&quot;)'
    )
    expect(body).toContain('**Evil**: &lt;img src=x&gt; \\*\\*bold\\*\\*')
    expect(body).not.toContain('evil.example')
    expect(renderComment(input([head], [base]))).not.toContain('Dockerfile checks')
  })

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
