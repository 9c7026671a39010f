import { describe, expect, it } from '@jest/globals'
import { buildChecksOf, callChecksOf } from '../../../src/buildx/checks.js'

// What buildx 0.36 wrote to its metadata file (BUILDX_METADATA_WARNINGS=true) for this
// Dockerfile on a docker-container builder with BuildKit 0.32.
const DOCKERFILE = 'FROM scratch as base\nCOPY a /a\nENV API_SECRET=x\n'
const WARNINGS = [
  {
    vertex: 'sha256:6829aab0e5696a694371db8dc8ed400f123d5a7566426f7245e54163d5795b55',
    level: 1,
    short:
      'RnJvbUFzQ2FzaW5nOiAnYXMnIGFuZCAnRlJPTScga2V5d29yZHMnIGNhc2luZyBkbyBub3QgbWF0Y2ggKGxpbmUgMSk=',
    detail: ['VGhlICdhcycga2V5d29yZCBzaG91bGQgbWF0Y2ggdGhlIGNhc2Ugb2YgdGhlICdmcm9tJyBrZXl3b3Jk'],
    url: 'https://docs.docker.com/go/dockerfile/rule/from-as-casing/',
    sourceInfo: {
      filename: 'Dockerfile',
      data: 'RlJPTSBzY3JhdGNoIGFzIGJhc2UKQ09QWSBhIC9hCkVOViBBUElfU0VDUkVUPXgK',
      language: 'Dockerfile'
    },
    range: [{ start: { line: 1 }, end: { line: 1 } }]
  },
  {
    vertex: 'sha256:6829aab0e5696a694371db8dc8ed400f123d5a7566426f7245e54163d5795b55',
    level: 1,
    short:
      'U2VjcmV0c1VzZWRJbkFyZ09yRW52OiBEbyBub3QgdXNlIEFSRyBvciBFTlYgaW5zdHJ1Y3Rpb25zIGZvciBzZW5zaXRpdmUgZGF0YSAoRU5WICJBUElfU0VDUkVUIikgKGxpbmUgMyk=',
    detail: ['U2Vuc2l0aXZlIGRhdGEgc2hvdWxkIG5vdCBiZSB1c2VkIGluIHRoZSBBUkcgb3IgRU5WIGNvbW1hbmRz'],
    url: 'https://docs.docker.com/go/dockerfile/rule/secrets-used-in-arg-or-env/',
    sourceInfo: {
      filename: 'Dockerfile',
      data: 'RlJPTSBzY3JhdGNoIGFzIGJhc2UKQ09QWSBhIC9hCkVOViBBUElfU0VDUkVUPXgK',
      language: 'Dockerfile'
    },
    range: [{ start: { line: 3 }, end: { line: 3 } }]
  }
]

// And its answer to --call check for the same Dockerfile (sources without their definition).
const CHECK_ANSWER = {
  warnings: [
    {
      ruleName: 'FromAsCasing',
      description: "The 'as' keyword should match the case of the 'from' keyword",
      url: 'https://docs.docker.com/go/dockerfile/rule/from-as-casing/',
      detail: "'as' and 'FROM' keywords' casing do not match",
      location: { ranges: [{ start: { line: 1 }, end: { line: 1 } }] }
    },
    {
      ruleName: 'SecretsUsedInArgOrEnv',
      description: 'Sensitive data should not be used in the ARG or ENV commands',
      url: 'https://docs.docker.com/go/dockerfile/rule/secrets-used-in-arg-or-env/',
      detail: 'Do not use ARG or ENV instructions for sensitive data (ENV "API_SECRET")',
      location: { ranges: [{ start: { line: 3 }, end: { line: 3 } }] }
    }
  ],
  sources: [
    {
      filename: 'Dockerfile',
      data: 'RlJPTSBzY3JhdGNoIGFzIGJhc2UKQ09QWSBhIC9hCkVOViBBUElfU0VDUkVUPXgK'
    }
  ]
}

describe('buildChecksOf', () => {
  it("reads BuildKit's checks on the Dockerfile built, with their lines", () => {
    const metadata = { 'buildx.build.warnings': WARNINGS }
    expect(buildChecksOf(metadata, { file: 'app/Dockerfile', text: DOCKERFILE })).toEqual([
      {
        rule: 'FromAsCasing',
        line: 1,
        message: "'as' and 'FROM' keywords' casing do not match",
        description: "The 'as' keyword should match the case of the 'from' keyword",
        url: 'https://docs.docker.com/go/dockerfile/rule/from-as-casing/'
      },
      {
        rule: 'SecretsUsedInArgOrEnv',
        line: 3,
        message: 'Do not use ARG or ENV instructions for sensitive data (ENV "API_SECRET")',
        description: 'Sensitive data should not be used in the ARG or ENV commands',
        url: 'https://docs.docker.com/go/dockerfile/rule/secrets-used-in-arg-or-env/'
      }
    ])
  })

  it("puts them in the Dockerfile's order, whatever order BuildKit finished them in", () => {
    const metadata = { 'buildx.build.warnings': [...WARNINGS].reverse() }
    const checks = buildChecksOf(metadata, { file: 'Dockerfile', text: DOCKERFILE })
    expect(checks.map(check => check.line)).toEqual([1, 3])
  })

  it('leaves out warnings about another text or file, and metadata without any', () => {
    const metadata = { 'buildx.build.warnings': WARNINGS }
    expect(buildChecksOf(metadata, { file: 'Dockerfile', text: 'FROM scratch\n' })).toEqual([])
    expect(buildChecksOf(metadata, { file: 'Containerfile', text: DOCKERFILE })).toEqual([])
    expect(buildChecksOf(undefined, { file: 'Dockerfile', text: DOCKERFILE })).toEqual([])
    expect(buildChecksOf({ 'buildx.build.warnings': 'x' }, { file: 'D', text: '' })).toEqual([])
  })
})

describe('callChecksOf', () => {
  it("reads --call check's answer as the same checks a build reports", () => {
    const dockerfile = { file: 'Dockerfile', text: DOCKERFILE }
    const fromBuild = buildChecksOf({ 'buildx.build.warnings': WARNINGS }, dockerfile)
    expect(callChecksOf({ 'result.json': CHECK_ANSWER }, dockerfile)).toEqual(fromBuild)
    expect(callChecksOf({ 'result.json': CHECK_ANSWER }, { ...dockerfile, text: '' })).toEqual([])
    expect(callChecksOf({}, dockerfile)).toEqual([])
  })
})
