import { describe, expect, it } from '@jest/globals'
import { renderComparison, renderReport } from '../../../src/cli/terminal.js'
import { compareTargets } from '../../../src/report/compare.js'
import { packageChanges, packagesReport } from '../../../src/report/packages.js'
import type { PackageReport } from '../../../src/report/types.js'
import { plainComment, sampleReport } from '../../helpers/reports.js'

const MB = 1_000_000

const npm = (
  name: string,
  version: string,
  bytes: number,
  dev = false,
  layer = 2
): PackageReport => ({
  ecosystem: 'npm',
  name,
  versions: [version],
  bytes,
  layer,
  dev
})

const base = sampleReport({
  packages: packagesReport([
    npm('express', '4.18.2', 2 * MB),
    npm('debug', '4.3.4', 40_000),
    npm('moment', '2.29.4', 4 * MB),
    npm('lodash', '4.17.20', 1 * MB),
    { ecosystem: 'deb', name: 'libc6', versions: ['2.36-9'], bytes: 12 * MB, layer: 0, dev: false }
  ])
})
const head = sampleReport({
  packages: packagesReport([
    npm('express', '4.18.2', 2 * MB),
    npm('debug', '4.3.5', 41_000),
    npm('typescript', '5.6.3', 22 * MB, true),
    npm('lodash', '4.17.20', 1.5 * MB),
    {
      ecosystem: 'deb',
      name: 'libc6',
      versions: ['2.36-9'],
      bytes: 12 * MB + 500,
      layer: 0,
      dev: false
    },
    {
      ecosystem: 'deb',
      name: 'libicu72',
      versions: ['72.1-3'],
      bytes: 36 * MB,
      layer: 0,
      dev: false
    }
  ])
})

describe('what changed by package', () => {
  it('finds added, removed, upgraded and grown packages, the largest change first', () => {
    const changes = packageChanges(base, head)
    expect(changes.map(change => [change.name, change.kind, change.delta])).toEqual([
      ['libicu72', 'added', 36 * MB],
      ['typescript', 'added', 22 * MB],
      ['moment', 'removed', -4 * MB],
      ['lodash', 'grown', 0.5 * MB],
      ['debug', 'upgraded', 1000]
    ])
    expect(changes[1]).toMatchObject({ dev: true, line: 3, after: ['5.6.3'] })
  })

  it('does not call a package gone that one side only left out of its list as too small', () => {
    const many = Array.from({ length: 2100 }, (_, index) => npm(`p${index}`, '1.0.0', 5000 + index))
    const left = sampleReport({ packages: packagesReport(many) })
    const big = Array.from({ length: 50 }, (_, index) => npm(`big${index}`, '1.0.0', MB))
    // 50 packages more push p100 to p149 out of the head's list: not gone, only unlisted.
    const right = sampleReport({ packages: packagesReport([...many, ...big]) })
    expect(left.packages?.list).toHaveLength(2000)
    const changes = packageChanges(left, right)
    expect(changes).toHaveLength(50)
    expect(changes.every(change => change.kind === 'added')).toBe(true)
    expect(packageChanges(sampleReport(), head)).toEqual([])
  })

  it('shows the change in the comment, per ecosystem, with versions, bytes, dev and the Dockerfile line', () => {
    const [comparison] = compareTargets([head], [base])
    const body = plainComment([comparison])
    expect(body).toContain(
      '<summary>production: what changed by package, 2 added, 1 removed, 1 upgraded, 1 grown (+54.5 MB)</summary>'
    )
    expect(body).toContain('- <code>typescript</code> 5.6.3 +22.0 MB (added, dev, Dockerfile:3)')
    expect(body).toContain('- <code>debug</code> 4.3.4 → 4.3.5 +1.0 kB (upgraded, Dockerfile:3)')
    expect(body).toContain(
      '**Debian**\n\n- <code>libicu72</code> 72.1-3 +36.0 MB (added, Dockerfile:1)'
    )
  })

  it('shows the largest packages in `sizegate analyze` and their change in `sizegate diff`', () => {
    const analyzed = renderReport(head)
    expect(analyzed).toContain('Largest packages (npm 4 (25.5 MB), deb 2 (48.0 MB))')
    expect(analyzed).toMatch(/22\.0 MB\s+npm\s+typescript 5\.6\.3 \(dev\)\s+Dockerfile:3/)
    const [comparison] = compareTargets([head], [base])
    const diff = renderComparison(
      comparison,
      { target: 'production', exceeded: false, accepted: false, sentence: 'ok' } as never,
      'compressed'
    )
    expect(diff).toMatch(/\+22\.0 MB\s+npm\s+typescript 5\.6\.3\s+added, dev\s+Dockerfile:3/)
    expect(diff).toMatch(/\+1\.0 kB\s+npm\s+debug 4\.3\.4 → 4\.3\.5\s+upgraded\s+Dockerfile:3/)
  })

  it('escapes names and versions from the image in the comment', () => {
    const hostile = sampleReport({
      packages: packagesReport([
        npm('</code><img src=x onerror=alert(1)>', '**1**|`x`', 2 * MB),
        {
          ...npm('@evil/[link](https://example.test)', '1.0.0\n## heading', MB),
          ecosystem: 'python'
        }
      ])
    })
    const body = plainComment(compareTargets([hostile], [base]))
    expect(body).toContain(
      '- <code>&lt;/code&gt;&lt;img src=x onerror=alert(1)&gt;</code> \\*\\*1\\*\\*&#124;\\`x\\`'
    )
    expect(body).not.toContain('<img')
    expect(body).not.toContain('\n## heading')
    expect(body).toContain(
      '<code>@evil/&#91;link&#93;(https://example.test)</code> 1.0.0 \\#\\# heading'
    )
  })
})
