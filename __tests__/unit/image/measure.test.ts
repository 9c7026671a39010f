import { describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'
import * as tar from 'tar-stream'
import { parseDockerfile, platformArgs } from '../../../src/dockerfile/model.js'
import { resolveTargets } from '../../../src/dockerfile/resolve.js'
import { attributeLayers, instructionOf, madeBy } from '../../../src/image/attribute.js'
import { analyzeFiles } from '../../../src/image/files.js'
import { GzipSizer } from '../../../src/image/gzip-size.js'
import { analyzeLayer, type LayerEntry } from '../../../src/image/layer.js'
import { estimatedPullBytes, pullBytes } from '../../../src/image/measure.js'

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
    // Folder entries are dropped: no figure depends on them.
    expect([...analysis.entries].map(entry => [entry.path, entry.kind, entry.bytes])).toEqual([
      ['app/data.bin', 'file', 5000],
      ['app/link', 'symlink', 8],
      ['app/hard', 'hardlink', 0]
    ])
  })

  it('takes the real size of a blob that comes gzip-compressed', async () => {
    const layer = await tarOf([{ name: 'a.txt', size: 100000 }])
    const blob = gzipSync(layer)
    // Split inside the gzip magic: the first chunk alone cannot tell.
    for (const chunks of [[blob], [blob.subarray(0, 1), blob.subarray(1)]]) {
      expect(await analyzeLayer(chunks)).toMatchObject({
        compressedExact: true,
        compressedBytes: blob.length,
        tarBytes: layer.length,
        contentBytes: 100000
      })
    }
  })

  it('rejects a blob that is not a tar', async () => {
    await expect(
      analyzeLayer([Buffer.from(JSON.stringify({ architecture: 'amd64' }).padEnd(600, ' '))])
    ).rejects.toThrow()
  })
})

describe('analyzeFiles', () => {
  const file = (path: string, bytes: number): LayerEntry => ({ path, kind: 'file', bytes })
  it('applies layers in order, counts waste and whiteouts, a deleted folder by what it held', () => {
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
    // Copies of a path: a.so 1000 + 1200 (wasted, both copies); app/cache twice, the
    // folder layer 0 wrote (0) and its whiteout, which counts the 500 it held (wasted,
    // although dive, which visits only leaf folders, leaves it out); x, y, conf,
    // server.js once.
    expect(analysis.wastedBytes).toBe(2700)
    expect(analysis.efficiency).toBeCloseTo(
      (1000 + 300 + 200 + 10 + 0 + 50) / (2200 + 300 + 200 + 10 + 500 + 50)
    )
    // Hidden by file: a.so's first copy, and x and y, which the folder took with it.
    expect(analysis.hidden).toEqual([{ writer: 0, hider: 1, bytes: 1500, paths: 3 }])
  })

  /** Layers as tars, read as the action reads them: only leaf folders are handed over. */
  const analyzeTars = async (
    layers: { name: string; size?: number; type?: 'directory' }[][]
  ): Promise<ReturnType<typeof analyzeFiles>> => {
    const read = []
    for (const layer of layers) read.push((await analyzeLayer([await tarOf(layer)])).entries)
    return analyzeFiles(read)
  }
  const dir = (name: string) => ({ name, type: 'directory' as const })

  it('counts a deleted file, a changed mode and a folder deletion', async () => {
    const analysis = await analyzeTars([
      // COPY big /data/big; COPY a b into /data/pair
      [
        dir('data'),
        { name: 'data/big', size: 4000 },
        dir('data/pair'),
        { name: 'data/pair/a', size: 100 },
        { name: 'data/pair/b', size: 100 }
      ],
      // RUN chmod +x /data/big: the whole file again
      [dir('data'), { name: 'data/big', size: 4000 }],
      // RUN mv /data/big /big: a new path, and the old one's whiteout (a file: 0 bytes)
      [{ name: 'big', size: 4000 }, dir('data'), { name: 'data/.wh.big' }],
      // RUN rm -rf /data/pair: a folder's whiteout counts what it held
      [dir('data'), { name: 'data/.wh.pair' }],
      // COPY a /data/pair/a again
      [dir('data'), dir('data/pair'), { name: 'data/pair/a', size: 100 }]
    ])
    // data/big: 4000 + 4000 + 0 → wasted 8000; data/pair/a: 100 + 100 → wasted 200;
    // data/pair: the folder (0) and its whiteout (200) → wasted 200. Once each:
    // data/pair/b 100, big 4000. The "data" folders are never leaves: each layer puts
    // something in them.
    expect(analysis.wastedBytes).toBe(8400)
    const all = 8000 + 200 + 100 + 4000 + 200
    const least = 0 + 100 + 100 + 4000 + 0
    expect(analysis.efficiency).toBeCloseTo(least / all)
    // data/pair/a's first copy was hidden by the folder's deletion (layer 3), not by
    // the copy layer 4 put back.
    expect(analysis.hidden).toEqual([
      { writer: 0, hider: 1, bytes: 4000, paths: 1 },
      { writer: 1, hider: 2, bytes: 4000, paths: 1 },
      { writer: 0, hider: 3, bytes: 200, paths: 2 }
    ])
    expect(analysis.files.largestFiles.map(item => item.path)).toEqual(['big', 'data/pair/a'])
  })

  it('counts a folder that was a leaf once, and deleted later, once', async () => {
    const analysis = await analyzeTars([
      // RUN mkdir /cache: an empty folder, a leaf of its layer (0 bytes)
      [dir('cache')],
      // COPY blob /cache/blob: the folder holds something here, so it is no leaf
      [dir('cache'), { name: 'cache/blob', size: 5000 }],
      // RUN rm -rf /cache: the folder's whiteout, a second copy of "cache" (5000)
      [{ name: '.wh.cache' }]
    ])
    expect(analysis.wastedBytes).toBe(5000)
    expect(analysis.hidden).toEqual([{ writer: 1, hider: 2, bytes: 5000, paths: 1 }])
  })

  it('a package manager rewriting its database makes no hidden copies, but counts as waste', () => {
    const analysis = analyzeFiles([
      [file('var/lib/dpkg/status', 900_000), file('var/cache/debconf/templates.dat', 600_000)],
      [file('var/lib/dpkg/status', 950_000), file('var/cache/debconf/templates.dat', 620_000)],
      [{ path: 'var/lib/.wh.dpkg', kind: 'whiteout', bytes: 0 }]
    ])
    expect(analysis.wastedBytes).toBe(900_000 + 950_000 + 600_000 + 620_000 + 950_000)
    expect(analysis.hidden).toEqual([])
  })

  it('sums folders with their file count and the layer that wrote most of them', () => {
    const analysis = analyzeFiles([
      [file('app/node_modules/a/index.js', 70_000), file('app/node_modules/b/index.js', 10_000)],
      [file('app/node_modules/c/big.js', 200_000), file('app/server.js', 1_000)]
    ])
    expect(analysis.files.floor).toBe(64 * 1024)
    expect(analysis.files.folders).toEqual([
      { path: 'app', bytes: 281_000, files: 4, layer: 1 },
      { path: 'app/node_modules', bytes: 280_000, files: 3, layer: 1 },
      { path: 'app/node_modules/c', bytes: 200_000, files: 1, layer: 1 },
      { path: 'app/node_modules/a', bytes: 70_000, files: 1, layer: 0 }
    ])
  })

  it('an opaque directory hides what lower layers put in it', () => {
    const analysis = analyzeFiles([
      [file('app/old.js', 100), file('keep', 1)],
      [{ path: 'app/.wh..wh..opq', kind: 'opaque', bytes: 0 }, file('app/new.js', 20)]
    ])
    expect(analysis.files.fileCount).toBe(2)
    expect(analysis.files.largestFiles.map(f => f.path)).toEqual(['app/new.js', 'keep'])
    expect(analysis.hidden).toEqual([{ writer: 0, hider: 1, bytes: 100, paths: 1 }])
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

describe('a large image', () => {
  /** 100,000 small files, 20,000 deleted one by one, then an opaque node_modules of 60,000 refilled. */
  function largeImage(): LayerEntry[][] {
    const file = (path: string, bytes: number): LayerEntry => ({ path, kind: 'file', bytes })
    const modules = Array.from({ length: 60_000 }, (_, index) =>
      file(`app/node_modules/pkg${index % 600}/lib/file${index}.js`, 1900 + (index % 200))
    )
    const other = Array.from({ length: 40_000 }, (_, index) =>
      file(`usr/share/doc/d${index % 400}/f${index}.txt`, 1500 + (index % 300))
    )
    const deletions = other.slice(0, 20_000).map(entry => ({
      ...entry,
      kind: 'whiteout' as const,
      path: entry.path.replace(/[^/]+$/, name => `.wh.${name}`)
    }))
    const refill: LayerEntry[] = [
      { path: 'app/node_modules/.wh..wh..opq', kind: 'opaque', bytes: 0 },
      ...modules.slice(0, 30_000)
    ]
    return [[...modules, ...other], deletions, refill]
  }

  it('is read in one pass and summarized in under 300 kB of JSON', () => {
    const analysis = analyzeFiles(largeImage())
    expect(analysis.files.fileCount).toBe(30_000 + 20_000)
    expect(analysis.files.folders).toHaveLength(1500)
    expect(analysis.files.floor).toBeGreaterThan(64 * 1024)
    expect(JSON.stringify(analysis.files).length).toBeLessThan(300_000)
    // The refilled 30,000 are second copies: wasted, as dive counts them.
    expect(analysis.wastedBytes).toBeGreaterThan(2 * 30_000 * 1900)
  })
})

describe('the gzip size, compressed in blocks side by side', () => {
  const sizeOf = async (data: Buffer, chunk: number): Promise<number> => {
    const sizer = new GzipSizer()
    for (let at = 0; at < data.length; at += chunk) {
      sizer.write(data.subarray(at, at + chunk))
      await sizer.ready()
    }
    return sizer.end()
  }
  const text = Buffer.from(
    Array.from(
      { length: 200_000 },
      (_, line) => `line ${line} of ${(line * 7919) % 104729}\n`
    ).join('')
  )
  const noise = randomBytes(3 * 1024 * 1024)

  it.each([
    ['text that compresses', text],
    ['incompressible data', noise],
    ['both', Buffer.concat([text, noise, text])]
  ])('is within 0.1%% of a single gzip stream for %s', async (_, data) => {
    const single = gzipSync(data, { level: 6 }).length
    expect(Math.abs((await sizeOf(data, 64 * 1024)) - single)).toBeLessThanOrEqual(single * 0.001)
  })

  it('is a gzip frame for nothing', async () => {
    expect(await sizeOf(Buffer.alloc(0), 1)).toBe(gzipSync(Buffer.alloc(0), { level: 6 }).length)
  })
})
