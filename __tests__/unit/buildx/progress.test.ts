import { describe, expect, it } from '@jest/globals'
import { countSteps, failureLines } from '../../../src/buildx/progress.js'

describe('progress', () => {
  const log = [
    '#1 [internal] load build definition from Dockerfile',
    '#1 DONE 0.0s',
    '#4 [builder 1/3] FROM docker.io/library/node:20',
    '#5 [builder 2/3] RUN npm ci',
    '#5 CACHED',
    '#6 [2/2] COPY --from=builder /app /app',
    '#6 DONE 0.1s',
    '#7 exporting to image'
  ]
  it('counts Dockerfile steps but FROM, and cached ones', () => {
    expect(countSteps(log)).toEqual({ totalSteps: 2, cachedSteps: 1 })
  })
  it("counts the legacy builder's steps and its cache hits", () => {
    const legacy = [
      'Step 1/4 : FROM debian:12-slim',
      ' ---> 4704b02d5ae1',
      'Step 2/4 : WORKDIR /app',
      ' ---> Using cache',
      ' ---> e5158da6b4ad',
      'Step 3/4 : COPY Dockerfile ./',
      ' ---> d2166f16b18b',
      'Step 4/4 : RUN echo hi > /x',
      ' ---> Using cache',
      'Successfully built dc0be07270da'
    ]
    expect(countSteps(legacy)).toEqual({ totalSteps: 3, cachedSteps: 2 })
  })
  it('keeps the error lines of a failed build', () => {
    const failed = [
      ...log,
      '#8 ERROR: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3',
      '------',
      'error: failed to solve: exit code: 3'
    ]
    expect(failureLines(failed)[0]).toBe(
      '#8 ERROR: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3'
    )
    expect(failureLines(failed)).toContain('error: failed to solve: exit code: 3')
    expect(failureLines(['a', '', 'b'])).toEqual(['a', 'b'])
  })
})
