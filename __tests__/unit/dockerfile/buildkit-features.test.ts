import { describe, expect, it } from '@jest/globals'
import { buildKitFeature } from '../../../src/dockerfile/buildkit-features.js'
import { parseDockerfile } from '../../../src/dockerfile/model.js'

describe('Dockerfile features the legacy builder lacks', () => {
  const feature = (content: string) =>
    buildKitFeature(
      parseDockerfile(content, { buildArgs: new Map(), predefined: new Map() }).stages
    )
  it.each([
    ['FROM a\nRUN --mount=type=cache,target=/root/.npm npm ci\n', 'RUN --mount on line 2'],
    ['FROM a AS b\nRUN x\nFROM c\nCOPY --link --from=b /x /x\n', 'COPY --link on line 4'],
    ['FROM a\nCOPY --chmod=755 run.sh /\n', 'COPY --chmod on line 2'],
    ['FROM a\nRUN <<EOF\necho hi\nEOF\n', 'a heredoc on line 2'],
    ['FROM a AS b\nRUN x\nFROM c\nCOPY --from=b /x /x\nRUN echo "a << b"\n', undefined]
  ])('%j → %s', (content, found) => {
    expect(feature(content)).toBe(found)
  })
})
