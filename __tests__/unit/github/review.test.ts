import { describe, expect, it } from '@jest/globals'
import { checksOnChangedLines } from '../../../src/github/review.js'
import type { BuildCheck } from '../../../src/report/types.js'
import { sampleReport } from '../../helpers/reports.js'

const check = (rule: string, line: number | null): BuildCheck => ({
  rule,
  line,
  message: `${rule} on line ${line}`,
  description: '',
  url: null
})

describe('checksOnChangedLines', () => {
  const report = sampleReport({
    dockerfile: 'app/Dockerfile',
    buildChecks: [check('FromAsCasing', 1), check('SecretsUsedInArgOrEnv', 3), check('X', null)]
  })
  const patch = [
    '@@ -1,3 +1,3 @@',
    ' FROM node:20 as build',
    ' COPY . .',
    '-ENV A=1',
    '+ENV TOKEN=1'
  ].join('\n')

  it('keeps the checks on lines the PR added or changed in the Dockerfile built', () => {
    expect(checksOnChangedLines([report], new Map([['app/Dockerfile', patch]]))).toEqual([
      {
        target: report.target,
        dockerfile: 'app/Dockerfile',
        checks: [check('SecretsUsedInArgOrEnv', 3)]
      }
    ])
  })

  it('keeps none where the PR leaves the Dockerfile alone, or its lines', () => {
    expect(checksOnChangedLines([report], new Map([['Dockerfile', patch]]))).toEqual([])
    const unchanged = [
      '@@ -1,2 +1,2 @@',
      ' FROM node:20 as build',
      '-COPY . .',
      '+COPY src .'
    ].join('\n')
    expect(checksOnChangedLines([report], new Map([['app/Dockerfile', unchanged]]))).toEqual([])
  })
})
