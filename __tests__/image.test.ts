import { describe, expect, it } from '@jest/globals'
import { gunzipSync, gzipSync } from 'node:zlib'
import * as tar from 'tar-stream'
import { parseDockerfile, platformArgs } from '../src/dockerfile/model.js'
import { resolveTargets } from '../src/dockerfile/resolve.js'
import { attributeLayers, instructionOf } from '../src/image/attribute.js'
import { analyzeFiles } from '../src/image/files.js'
import { analyzeLayer, type LayerEntry } from '../src/image/layer.js'
import { estimatedPullBytes, pullBytes } from '../src/image/measure.js'

function tarOf(
  files: {
    name: string
    size?: number
    type?: 'file' | 'symlink' | 'link' | 'directory'
    linkname?: string
  }[]
): Promise<Buffer> {
  const pack = tar.pack()
  for (const file of files) {
    const body = file.type && file.type !== 'file' ? undefined : Buffer.alloc(file.size ?? 0, 'x')
    if (body) pack.entry({ name: file.name }, body)
    else pack.entry({ name: file.name, type: file.type, linkname: file.linkname })
  }
  pack.finalize()
  return (async () => {
    const chunks: Buffer[] = []
    for await (const chunk of pack as unknown as AsyncIterable<Buffer>) chunks.push(chunk)
    return Buffer.concat(chunks)
  })()
}

describe('analyzeLayer', () => {
  it('measures a tar: content as the engine counts it, tar bytes and a gzip estimate', async () => {
    const layer = await tarOf([
      { name: 'app/', type: 'directory' },
      { name: 'app/data.bin', size: 5000 },
      { name: 'app/link', type: 'symlink', linkname: 'data.bin' },
      { name: 'app/hard', type: 'link', linkname: 'app/data.bin' }
    ])
    const analysis = await analyzeLayer([layer.subarray(0, 700), layer.subarray(700)])
    expect(analysis.contentBytes).toBe(5000 + 'data.bin'.length)
    expect(analysis.tarBytes).toBe(layer.length)
    expect(analysis.compressedExact).toBe(false)
    expect(gunzipSync(gzipSync(layer)).length).toBe(layer.length)
    expect(Math.abs(analysis.compressedBytes - gzipSync(layer).length)).toBeLessThan(32)
    expect(analysis.entries.map(entry => [entry.path, entry.kind, entry.bytes])).toEqual([
      ['app', 'directory', 0],
      ['app/data.bin', 'file', 5000],
      ['app/link', 'symlink', 8],
      ['app/hard', 'hardlink', 0]
    ])
  })

  it('takes the real size of a blob that comes gzip-compressed', async () => {
    const layer = await tarOf([{ name: 'a.txt', size: 100000 }])
    const blob = gzipSync(layer)
    const analysis = await analyzeLayer([blob])
    expect(analysis).toMatchObject({
      compressedExact: true,
      compressedBytes: blob.length,
      tarBytes: layer.length,
      contentBytes: 100000
    })
  })

  it('rejects a blob that is not a tar', async () => {
    await expect(
      analyzeLayer([Buffer.from(JSON.stringify({ architecture: 'amd64' }).padEnd(600, ' '))])
    ).rejects.toThrow()
  })
})

describe('analyzeFiles', () => {
  const file = (path: string, bytes: number): LayerEntry => ({ path, kind: 'file', bytes })
  it('applies layers in order, counts waste and whiteouts like dive', () => {
    const analysis = analyzeFiles([
      [
        file('usr/lib/a.so', 1000),
        file('app/cache/x', 300),
        file('app/cache/y', 200),
        file('etc/conf', 10)
      ],
      [file('usr/lib/a.so', 1200), { path: 'app/.wh.cache', kind: 'whiteout', bytes: 0 }],
      [file('app/server.js', 50)]
    ])
    expect(analysis.files.fileCount).toBe(3)
    expect(analysis.files.largestFiles[0]).toEqual({ path: 'usr/lib/a.so', bytes: 1200, layer: 1 })
    // a.so twice (1000 + 1200), x and y each written then deleted (300 + 300, 200 + 200)
    expect(analysis.wastedBytes).toBe(2200 + 600 + 400)
    expect(analysis.files.largestDirectories.slice(0, 2)).toEqual([
      { path: 'usr', bytes: 1200 },
      { path: 'usr/lib', bytes: 1200 }
    ])
    expect(analysis.efficiency).toBeCloseTo(
      (1000 + 300 + 200 + 10 + 50) / (2200 + 600 + 400 + 10 + 50)
    )
  })

  it('an opaque directory hides what lower layers put in it', () => {
    const analysis = analyzeFiles([
      [file('app/old.js', 100), file('keep', 1)],
      [{ path: 'app/.wh..wh..opq', kind: 'opaque', bytes: 0 }, file('app/new.js', 20)]
    ])
    expect(analysis.files.fileCount).toBe(2)
    expect(analysis.files.largestFiles.map(f => f.path)).toEqual(['app/new.js', 'keep'])
  })

  it('an image of nothing is perfectly efficient', () => {
    expect(analyzeFiles([[]])).toMatchObject({
      wastedBytes: 0,
      efficiency: 1,
      files: { fileCount: 0 }
    })
  })
})

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
    expect(origins).toEqual([
      { line: 1, stage: 'base', instruction: 'FROM' },
      { line: 1, stage: 'base', instruction: 'FROM' },
      { line: 2, stage: 'base', instruction: 'WORKDIR' },
      { line: 3, stage: 'base', instruction: 'RUN' },
      { line: 8, stage: 'production', instruction: 'COPY' }
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

describe('pull size', () => {
  const sizes = (digest: string, compressed: number, estimated: number | null) => ({
    digest,
    compressedBytes: compressed,
    estimatedBytes: estimated
  })

  it('counts a blob the image lists twice once, and the config', () => {
    const layers = [
      sizes('sha256:a', 1000, 1100),
      sizes('sha256:b', 50, 60),
      sizes('sha256:a', 1000, 1100)
    ]
    expect(pullBytes(layers, 7)).toBe(1057)
    expect(estimatedPullBytes(layers, 7)).toBe(1167)
  })

  it('has no estimate unless every layer has one', () => {
    expect(
      estimatedPullBytes([sizes('sha256:a', 1000, null), sizes('sha256:b', 50, 60)], 7)
    ).toBeNull()
  })
})
