import { describe, expect, it } from '@jest/globals'
import { analyzeFiles } from '../../../src/image/files.js'
import { analyzeLayer, type LayerEntry } from '../../../src/image/layer.js'
import { entriesTar } from '../../helpers/layout.js'

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
    for (const layer of layers) read.push((await analyzeLayer([await entriesTar(layer)])).entries)
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
