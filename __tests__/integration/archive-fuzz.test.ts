import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { repoRoot } from '../helpers/engine.js'

/**
 * Generated archives whose truth is known, and mutations of them (fuzz/archive-fuzz.ts,
 * fast-check): in a process of its own, so that a hang is ended and its memory is its own.
 */
let work: string
let script: string

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'sizegate-fuzz-'))
  execFileSync(
    path.join(repoRoot, 'node_modules', '.bin', 'ncc'),
    ['build', path.join(repoRoot, '__tests__', 'fuzz', 'archive-fuzz.ts'), '-o', work, '-q'],
    { cwd: repoRoot, stdio: 'ignore' }
  )
  script = path.join(work, 'index.js')
}, 120_000)
afterAll(() => rmSync(work, { recursive: true, force: true }))

interface FuzzOutcome {
  cases: number
  refusals: number
  problems: string[]
  maxRssMb: number
}

describe('the archive reader, fuzzed', () => {
  it('measures 500 generated images as their truth, and 4,000 mutations as the truth or a clean refusal, in bounded time and memory', () => {
    // A hang ends here, as a failure, not as a stuck suite. The heap is capped (and
    // the young generation small, as in the measuring thread): on a loaded machine
    // V8's collector and the gzip workers fall behind and the peak grows with the
    // load (uncapped: 300 MB seen in CI against 115 MB unloaded; capped: 203 MB in
    // CI, 84 MB unloaded); capped, growth of the reader's own ends the process.
    const heap = ['--max-old-space-size=128', '--max-semi-space-size=4']
    const printed = execFileSync(process.execPath, [...heap, script, '500', '4000'], {
      encoding: 'utf8',
      timeout: 120_000
    })
    const outcome = JSON.parse(printed) as FuzzOutcome
    expect(outcome.problems).toEqual([])
    expect(outcome.cases).toBe(4500)
    // Most mutations land in a header, a gzip stream or a document: each a refusal.
    expect(outcome.refusals).toBeGreaterThan(1000)
    expect(outcome.maxRssMb).toBeLessThan(350)
  }, 150_000)
})
