import { describe, expect, it } from '@jest/globals'
import { resolve } from '../../helpers/dockerfile.js'

describe('target validation', () => {
  const content =
    'FROM node:20 AS builder\nRUN x\nFROM node:20 AS production\nCOPY --from=builder /a /a\n'

  it('suggests the stage a typo meant', () => {
    expect(() => resolve(content, ['bulder'])).toThrow(
      'targets: no stage "bulder" in Dockerfile; did you mean "builder"?'
    )
  })

  it('lists the stages when nothing is close', () => {
    expect(() => resolve(content, ['zzz'])).toThrow(
      'targets: no stage "zzz" in Dockerfile; expected one of: builder, production'
    )
  })

  it('fails on a COPY --from that looks like a typo of a stage', () => {
    const typo = 'FROM node:20 AS builder\nRUN x\nFROM node:20\nCOPY --from=bulder /a /a\n'
    expect(() => resolve(typo)).toThrow(
      'Dockerfile:4: COPY --from=bulder: no stage "bulder"; did you mean "builder"?'
    )
  })

  it('warns when a bare COPY --from name is no stage and will be pulled as an image', () => {
    const image = 'FROM node:20\nCOPY --from=busybox /bin/busybox /bin/busybox\n'
    expect(resolve(image).warnings).toEqual([
      'Dockerfile:2: COPY --from=busybox names no stage; docker will pull it as the image "busybox"'
    ])
  })

  it('ignores typos in stages the target does not need, as docker does', () => {
    const unrelated =
      'FROM node:20 AS builder\nCOPY --from=bulder /a /a\nFROM node:20 AS production\nRUN x\n'
    expect(resolve(unrelated, ['production']).targets[0].needs).toEqual([1])
  })
})
