import { describe, expect, it } from '@jest/globals'
import { type LayerEntry, LayerEntries } from '../../../src/image/layer.js'
import { FileTree } from '../../../src/image/tree.js'
import { WasteCounter } from '../../../src/image/waste.js'
import { whitedOut } from '../../../src/image/whiteout.js'

const file = (path: string, bytes: number): LayerEntry => ({ path, kind: 'file', bytes })
const whiteout = (path: string): LayerEntry => ({ path, kind: 'whiteout', bytes: 0 })

/** The tree lower layers left: files by path, each with the layer that wrote it. */
function treeOf(files: [path: string, bytes: number, layer: number][]): FileTree {
  const tree = new FileTree()
  for (const [path, bytes, layer] of files) {
    const slash = path.lastIndexOf('/')
    tree
      .folder(slash === -1 ? '' : path.slice(0, slash))
      .children.set(path.slice(slash + 1), { kind: 'file', bytes, tarSize: bytes, layer })
  }
  return tree
}

/** Counts each layer against the tree given for it (what the layers below left). */
function count(layers: [LayerEntry[], FileTree][]) {
  const counter = new WasteCounter()
  layers.forEach(([entries, lower], layer) =>
    counter.addLayer(layer, LayerEntries.of(entries), lower)
  )
  return counter.result()
}

describe('wasted bytes and hidden copies', () => {
  it('counts an empty image as fully efficient', () => {
    expect(count([])).toEqual({ wastedBytes: 0, efficiency: 1, hidden: [] })
  })

  it('counts every copy of a file a later layer replaces, and says who hid it', () => {
    const result = count([
      [[file('app/bundle.js', 100), file('app/main.js', 50)], new FileTree()],
      [[file('app/bundle.js', 150)], treeOf([['app/bundle.js', 100, 0]])]
    ])
    expect(result.wastedBytes).toBe(250)
    expect(result.efficiency).toBeCloseTo(150 / 300)
    expect(result.hidden).toEqual([{ writer: 0, hider: 1, bytes: 100, paths: 1 }])
  })

  it('counts a deleted file as a copy of 0 bytes that hides the one below', () => {
    const lower = treeOf([['tmp/archive.tar', 4096, 0]])
    const result = count([
      [[file('tmp/archive.tar', 4096)], new FileTree()],
      [[whiteout('tmp/.wh.archive.tar')], lower]
    ])
    expect(result.wastedBytes).toBe(4096)
    expect(result.efficiency).toBe(0)
    expect(result.hidden).toEqual([{ writer: 0, hider: 1, bytes: 4096, paths: 1 }])
  })

  it("hides a deleted folder's files by the layer that wrote each of them", () => {
    const lower = treeOf([
      ['src/a.ts', 10, 0],
      ['src/b.ts', 20, 1]
    ])
    const result = count([
      [[file('src/a.ts', 10)], new FileTree()],
      [[file('src/b.ts', 20)], treeOf([['src/a.ts', 10, 0]])],
      [[whiteout('.wh.src')], lower]
    ])
    // The folder's own copies (none, then the 30 bytes it took with it) are the waste.
    expect(result.wastedBytes).toBe(30)
    expect(result.hidden).toEqual([
      { writer: 1, hider: 2, bytes: 20, paths: 1 },
      { writer: 0, hider: 2, bytes: 10, paths: 1 }
    ])
  })

  it("empties a folder with an opaque marker: its files are hidden, the marker's own copy is not", () => {
    const lower = treeOf([['cache/x', 70, 0]])
    const result = count([
      [[file('cache/x', 70)], new FileTree()],
      [[{ path: 'cache/.wh..wh..opq', kind: 'opaque', bytes: 0 }], lower]
    ])
    expect(result.hidden).toEqual([{ writer: 0, hider: 1, bytes: 70, paths: 1 }])
  })

  it("counts a package manager's rewritten database as dive does, but hides nothing", () => {
    const result = count([
      [[file('var/lib/dpkg/status', 300)], new FileTree()],
      [[file('var/lib/dpkg/status', 320)], treeOf([['var/lib/dpkg/status', 300, 0]])]
    ])
    expect(result.wastedBytes).toBe(620)
    expect(result.hidden).toEqual([])
  })

  it('names the path a whiteout deletes', () => {
    expect(whitedOut('usr/lib/.wh.libfoo.so')).toBe('usr/lib/libfoo.so')
    expect(whitedOut('.wh.src')).toBe('src')
  })
})
