import { describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { CHROMIUM, commentPage, screenshot } from '../../scripts/comment-page.js'
import { compareTargets } from '../../src/report/compare.js'
import { renderComment } from '../../src/report/comment.js'
import { judge } from '../../src/report/gate.js'
import { layer, sampleReport } from '../helpers/reports.js'
import { describeWhen } from '../helpers/buildx.js'

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function comment(): string {
  const base = sampleReport()
  const grown = layer(3, 'COPY /app/node_modules ./node_modules # buildkit', 29_000_000)
  const head = sampleReport({ layers: [...base.layers.slice(0, 2), grown, base.layers[3]] })
  const comparisons = compareTargets(
    [{ ...head, compressedBytes: head.compressedBytes + 6_600_000 }],
    [base]
  )
  return renderComment({
    marker: 'sizegate:demo',
    baseLabel: 'main',
    comparisons,
    verdicts: comparisons.map(item =>
      judge(item, { metric: 'compressed', maxIncrease: { percent: 10 } })
    ),
    metric: 'compressed',
    baseline: null,
    acceptance: null,
    blobUrl: null,
    now: new Date()
  })
}

describe('the comment page', () => {
  it('is GitHub-flavoured markdown in a GitHub-styled box, folded or not', () => {
    const markdown = comment()
    const page = commentPage(markdown)
    expect(page).toContain('<table>')
    expect(page).toContain('.markdown-body')
    expect(page).toContain('<details>')
    expect(commentPage(markdown, true)).toContain('<details open>')
  })
})

const noChromium = existsSync(CHROMIUM)
  ? undefined
  : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set SIZEGATE_CHROMIUM)`

describeWhen(noChromium)('a screenshot in headless Chromium', () => {
  it("shows the table's text, and is no blank picture", async () => {
    const { png, text, colours } = await screenshot(commentPage(comment()))
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE)
    expect(text).toMatch(/Target\s+main\s+this PR\s+Change/)
    expect(text).toMatch(/production\s+[\d.]+ MB\s+[\d.]+ MB\s+\+[\d.]+ MB/)
    expect(colours).toBeGreaterThan(10)
  }, 60_000)
})
