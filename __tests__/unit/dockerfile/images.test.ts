import { describe, expect, it } from '@jest/globals'
import { imagesRead } from '../../../src/dockerfile/images.js'
import { resolveTargets } from '../../../src/dockerfile/resolve.js'
import { parse } from '../../helpers/dockerfile.js'

describe('the images a build reads', () => {
  it('lists each FROM image, COPY --from image and docker-image:// context once, in file order', () => {
    const model = parse(
      [
        'ARG BASE=company/base:1',
        'FROM ${BASE} AS deps',
        'RUN true',
        'FROM deps AS build',
        'COPY --from=company/tools:2 /bin/tool /bin/tool',
        'FROM scratch AS production',
        'COPY --from=build /app /app',
        'FROM company/base:1 AS debug'
      ].join('\n')
    )
    const [production] = resolveTargets(model, ['production'], 'Dockerfile').targets
    expect(
      imagesRead([production.upToTarget], ['base=docker-image://local/base:dev', 'src=../src'])
    ).toEqual([
      { ref: 'company/base:1', where: 'FROM on line 2' },
      { ref: 'company/tools:2', where: 'a --from of stage build' },
      { ref: 'local/base:dev', where: 'build-contexts: base' }
    ])
  })
})
