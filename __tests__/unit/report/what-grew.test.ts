import { describe, expect, it } from '@jest/globals'
import { compareTargets } from '../../../src/report/compare.js'
import type { ImageReport } from '../../../src/report/types.js'
import { whatGrew } from '../../../src/report/what-grew.js'
import { plainComment, sampleReport } from '../../helpers/reports.js'

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
    const body = plainComment(comparisons)
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
