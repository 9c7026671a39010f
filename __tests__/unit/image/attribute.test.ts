import { describe, expect, it } from '@jest/globals'
import { parseDockerfile, platformArgs } from '../../../src/dockerfile/model.js'
import { resolveTargets } from '../../../src/dockerfile/resolve.js'
import { attributeLayers, instructionOf, madeBy } from '../../../src/image/attribute.js'

describe('layer attribution', () => {
  it.each([
    ['RUN /bin/sh -c npm ci # buildkit', 'RUN'],
    ['RUN |2 A=1 B=2 /bin/sh -c make # buildkit', 'RUN'],
    ['COPY /app/dist ./dist # buildkit', 'COPY'],
    ['WORKDIR /app', 'WORKDIR'],
    ['/bin/sh -c #(nop) COPY file:abc in /app ', 'COPY'],
    ['/bin/sh -c apt-get update', 'RUN'],
    ['|1 V=2 /bin/sh -c echo $V', 'RUN'],
    ['', '']
  ])('instructionOf(%j) is %j', (createdBy, keyword) => {
    expect(instructionOf(createdBy)).toBe(keyword)
  })

  it('pairs layers with lines through a stage chain; base layers go to the root FROM', () => {
    const content = [
      'FROM node:20 AS base', // 1
      'WORKDIR /app', // 2
      'RUN npm ci', // 3
      'FROM node:20 AS builder', // 4
      'RUN npm run build', // 5
      'FROM base AS production', // 6
      'ENV NODE_ENV=production', // 7
      'COPY --from=builder /app/dist ./dist', // 8
      'RUN echo nothing changes' // 9
    ].join('\n')
    const model = parseDockerfile(content, {
      buildArgs: new Map(),
      predefined: platformArgs('linux/amd64', 'linux/amd64')
    })
    const [target] = resolveTargets(model, [], 'Dockerfile').targets
    const origins = attributeLayers(
      [
        { created_by: '/bin/sh -c #(nop) ADD file:rootfs in / ' },
        { created_by: 'RUN /bin/sh -c apt-get install -y python3 # buildkit' },
        { created_by: 'WORKDIR /app' },
        { created_by: 'RUN /bin/sh -c npm ci # buildkit' },
        { created_by: 'COPY /app/dist ./dist # buildkit' }
      ],
      target.chain
    )
    const from = 'FROM node:20 AS base'
    expect(origins).toEqual([
      { line: 1, stage: 'base', instruction: 'FROM', source: from },
      { line: 1, stage: 'base', instruction: 'FROM', source: from },
      { line: 2, stage: 'base', instruction: 'WORKDIR', source: 'WORKDIR /app' },
      { line: 3, stage: 'base', instruction: 'RUN', source: 'RUN npm ci' },
      {
        line: 8,
        stage: 'production',
        instruction: 'COPY',
        source: 'COPY --from=builder /app/dist ./dist'
      }
    ])
  })

  const originsOf = (lines: string[], history: { created_by: string; empty_layer?: boolean }[]) => {
    const model = parseDockerfile(lines.join('\n'), {
      buildArgs: new Map(),
      predefined: platformArgs('linux/amd64', 'linux/amd64')
    })
    const [target] = resolveTargets(model, [], 'Dockerfile').targets
    return attributeLayers(history, target.chain).map(origin => [origin.line, origin.instruction])
  }
  const nodeBase = [
    { created_by: '/bin/sh -c #(nop) ADD file:rootfs in / ' },
    { created_by: '/bin/sh -c apt-get install -y curl' },
    { created_by: '/bin/sh -c #(nop)  CMD ["node"]', empty_layer: true }
  ]

  it('keeps a base layer off a RUN that changed nothing (its history entry is empty)', () => {
    const origins = originsOf(
      ['FROM node:20', 'RUN node --version'],
      [...nodeBase, { created_by: 'RUN /bin/sh -c node --version # buildkit', empty_layer: true }]
    )
    expect(origins).toEqual([
      [1, 'FROM'],
      [1, 'FROM']
    ])
  })

  it('walks empty entries of a stage built on a stage, and returns one origin per layer', () => {
    const origins = originsOf(
      [
        'FROM node:20 AS base', // 1
        'WORKDIR /app', // 2
        'FROM base AS production', // 3
        'ENV A=1', // 4
        'COPY x /app/x', // 5
        'CMD ["node"]' // 6
      ],
      [
        ...nodeBase,
        { created_by: 'WORKDIR /app' },
        { created_by: 'ENV A=1', empty_layer: true },
        { created_by: 'COPY x /app/x # buildkit' },
        { created_by: 'CMD ["node"]', empty_layer: true }
      ]
    )
    expect(origins).toEqual([
      [1, 'FROM'],
      [1, 'FROM'],
      [2, 'WORKDIR'],
      [5, 'COPY']
    ])
  })

  it("gives what a base image's ONBUILD trigger copied to FROM", () => {
    const origins = originsOf(
      ['FROM onbuild-base', 'RUN make'],
      [
        ...nodeBase,
        { created_by: 'COPY . /src # buildkit' },
        { created_by: 'RUN /bin/sh -c make # buildkit' }
      ]
    )
    expect(origins).toEqual([
      [1, 'FROM'],
      [1, 'FROM'],
      [1, 'FROM'],
      [2, 'RUN']
    ])
  })
})

describe('a Dockerfile that cannot have made the image', () => {
  const chainOf = (lines: string[]) => {
    const model = parseDockerfile(lines.join('\n'), {
      buildArgs: new Map(),
      predefined: platformArgs('linux/amd64', 'linux/amd64')
    })
    return resolveTargets(model, [], 'Dockerfile').targets[0].chain
  }
  const node = chainOf(['FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'CMD ["node", "."]'])
  const goScratch = chainOf([
    'FROM golang:1.23 AS build',
    'RUN go build -o /out/app',
    'FROM scratch',
    'COPY --from=build /out/app /app'
  ])
  const nodeImage = [
    { created_by: '/bin/sh -c #(nop) ADD file:rootfs in / ' },
    { created_by: 'WORKDIR /app' },
    { created_by: 'COPY . . # buildkit' },
    { created_by: 'CMD ["node" "."]', empty_layer: true }
  ]

  it('is told apart from the one that did', () => {
    expect(madeBy(nodeImage, node)).toBe(true)
    expect(madeBy([{ created_by: 'COPY /out/app /app # buildkit' }], goScratch)).toBe(true)
    // Another project's Dockerfile: nothing of the history is its instructions.
    expect(madeBy(nodeImage, goScratch)).toBe(false)
    // FROM scratch has no base layers, so a layer on that line is not this image's.
    expect(madeBy([nodeImage[0], { created_by: 'COPY /out/app /app # buildkit' }], goScratch)).toBe(
      false
    )
    // Without a Dockerfile there is nothing to disagree with.
    expect(madeBy(nodeImage, [])).toBe(true)
  })
})
