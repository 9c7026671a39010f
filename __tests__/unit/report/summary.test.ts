import { describe, expect, it } from '@jest/globals'
import { renderSummary } from '../../../src/report/summary.js'
import { layer, sampleReport } from '../../helpers/reports.js'

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
