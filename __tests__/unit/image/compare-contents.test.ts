import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import type { DeclaredChange } from '../../../src/dockerfile/fixes/edits.js'
import { compareContents } from '../../../src/image/compare-contents.js'
import {
  digestSink,
  finalFiles,
  type ImageContents,
  type LayerFile,
  runtimeConfig
} from '../../../src/image/file-table.js'
import { differencesText, removalText } from '../../../src/report/fix-text.js'
import { startsProgram } from '../../../src/measure/fix-outcome.js'

/** A layer entry: a file of `text` owned by root, unless told otherwise. */
function entry(path: string, fields: Partial<LayerFile> & { text?: string } = {}): LayerFile {
  const { text = path, ...rest } = fields
  const kind = rest.kind ?? 'file'
  return {
    path,
    kind,
    mode: kind === 'directory' ? 0o755 : 0o644,
    uid: 0,
    gid: 0,
    digest: kind === 'file' ? createHash('sha256').update(text).digest('hex') : '',
    link: '',
    bytes: kind === 'file' ? Buffer.byteLength(text) : 0,
    ...rest
  }
}

/** An image of these layers, a config and dev folders. */
function image(
  layers: LayerFile[][],
  config: Record<string, unknown> = {},
  devFolders: string[] = []
): ImageContents {
  return { files: finalFiles(layers), config: runtimeConfig(config), devFolders }
}

const BASE = [entry('bin', { kind: 'directory' }), entry('bin/sh'), entry('etc/passwd')]
const APP = [
  entry('app', { kind: 'directory', uid: 1001, gid: 1001 }),
  entry('app/server.js', { uid: 1001, gid: 1001 })
]
const compare = (head: ImageContents, fixed: ImageContents, changes: DeclaredChange[] = []) =>
  compareContents(
    { contents: head, baseLayers: 1 },
    { contents: fixed, baseLayers: 1 },
    new Set(changes)
  )

describe('the final files of an image', () => {
  it('applies whiteouts and opaque folders of later layers, then their own entries', () => {
    const files = finalFiles([
      [entry('app', { kind: 'directory' }), entry('app/a'), entry('app/b'), entry('tmp/x')],
      [entry('tmp/.wh.x', { kind: 'whiteout' }), entry('app/.wh..wh..opq', { kind: 'opaque' })],
      [entry('app/c')]
    ])
    expect([...files.keys()].sort()).toEqual(['app', 'app/c'])
    expect(files.get('app/c')?.layer).toBe(2)
  })

  it('hashes a compiled Python file without its header, which holds its source timestamp', () => {
    const digestOf = (path: string, bytes: Buffer[]) => {
      const record = entry(path)
      const sink = digestSink(record)
      for (const piece of bytes) sink.write(piece)
      sink.end()
      return record.digest
    }
    const code = Buffer.from('marshalled code')
    const header = (stamp: number) => Buffer.concat([Buffer.alloc(8), Buffer.alloc(8, stamp)])
    // In pieces that split the header, as a stream hands them over.
    const one = digestOf('a.pyc', [header(1).subarray(0, 5), header(1).subarray(5), code])
    const two = digestOf('a.pyc', [Buffer.concat([header(2), code])])
    expect(one).toBe(two)
    expect(digestOf('a.txt', [header(1), code])).not.toBe(digestOf('a.txt', [header(2), code]))
  })
})

describe('comparing a fix’s image with the original', () => {
  it('names an owner a fix lost, and counts the rest', () => {
    const fixed = [
      entry('app', { kind: 'directory' }),
      entry('app/server.js'),
      entry('app/extra.js', { uid: 1001, gid: 1001 })
    ]
    const result = compare(image([BASE, APP]), image([BASE, fixed]))
    expect(result.differences).toEqual([
      '/app/extra.js: added',
      '/app/server.js: owner 1001:1001 → 0:0',
      '/app: owner 1001:1001 → 0:0'
    ])
    expect(differencesText(result.differences.slice(2), 3)).toBe(
      '/app: owner 1001:1001 → 0:0, and 2 more'
    )
  })

  it('finds no difference between images equal file for file', () => {
    const result = compare(image([BASE, APP]), image([BASE, APP]))
    expect(result).toMatchObject({ differences: [], differenceCount: 0, removed: [] })
  })

  it('names a mode, a link target, contents and a type', () => {
    const head = [
      entry('a', { mode: 0o755 }),
      entry('l', { kind: 'symlink', link: 'a' }),
      entry('c')
    ]
    const fixed = [
      entry('a', { mode: 0o644 }),
      entry('l', { kind: 'symlink', link: 'b' }),
      entry('c', { kind: 'directory' })
    ]
    expect(compare(image([head]), image([fixed])).differences).toEqual([
      '/a: mode 0755 → 0644',
      '/c: file → directory',
      '/l: link a → b'
    ])
    expect(
      compare(image([[entry('a')]]), image([[entry('a', { text: 'b' })]])).differences
    ).toEqual(['/a: contents differ'])
  })

  it('names the runtime config fields that differ, first', () => {
    const head = image([APP], { Cmd: ['node', 'server.js'], User: 'node', Env: ['A=1'] })
    const fixed = image([APP], { Cmd: ['node', 'server.js'], Env: ['A=1'] })
    expect(compare(head, fixed).differences).toEqual(['config User: "node" → null'])
  })

  it('lets dev packages go, with their scope folders and .bin links, where the fix declares it', () => {
    const modules = 'app/node_modules'
    const prod = [entry(`${modules}/express/package.json`), entry(`${modules}/express/index.js`)]
    const dev = [
      entry(`${modules}/@types`, { kind: 'directory' }),
      entry(`${modules}/@types/node`, { kind: 'directory' }),
      entry(`${modules}/@types/node/index.d.ts`, { text: 'x'.repeat(1000) }),
      entry(`${modules}/typescript`, { kind: 'directory' }),
      entry(`${modules}/typescript/lib/tsc.js`, { text: 'y'.repeat(5000) }),
      entry(`${modules}/.bin/tsc`, { kind: 'symlink', link: '../typescript/bin/tsc' })
    ]
    const lock = (text: string) => entry(`${modules}/.package-lock.json`, { text })
    const devFolders = [`${modules}/@types/node`, `${modules}/typescript`]
    const head = image([BASE, [...prod, ...dev, lock('all')]], {}, devFolders)
    const fixed = image([BASE, [...prod, lock('production')]])
    const declared = compare(head, fixed, ['dev-packages'])
    expect(declared.differenceCount).toBe(0)
    expect(declared.devFoldersRemoved).toEqual(devFolders)
    expect(declared.removed).toEqual([
      { change: 'dev-packages', folder: '', files: 3, bytes: 6000 }
    ])
    // Undeclared, the same removal changes the app.
    expect(compare(head, fixed).differenceCount).toBe(7)
    // A production package gone is no dev package, declared or not.
    const lost = image([BASE, [prod[0], lock('production')]])
    expect(compare(head, lost, ['dev-packages']).differences).toEqual([
      `/${modules}/express/index.js: removed`
    ])
  })

  it('lets caches and logs go or change where declared, and sums them by folder', () => {
    const head = image([
      BASE,
      [...APP, entry('root/.npm/_cacache/a', { text: 'z'.repeat(300) }), entry('var/log/x.log')]
    ])
    const fixed = image([BASE, [...APP, entry('var/log/x.log', { text: 'later' })]])
    const result = compare(head, fixed, ['caches'])
    expect(result.differences).toEqual([])
    expect(result.removed).toEqual([
      { change: 'caches', folder: 'root/.npm', files: 1, bytes: 300 }
    ])
    expect(compare(head, fixed).differenceCount).toBe(2)
  })

  it('lets a new base change its own files only: a file the Dockerfile wrote must stay', () => {
    const slim = [entry('bin', { kind: 'directory' }), entry('bin/sh', { text: 'smaller' })]
    const head = image([BASE, APP])
    expect(compare(head, image([slim, APP]), ['base-files']).differenceCount).toBe(0)
    const appChanged = [APP[0], entry('app/server.js', { uid: 1001, gid: 1001, text: 'other' })]
    expect(compare(head, image([slim, appChanged]), ['base-files']).differences).toEqual([
      '/app/server.js: contents differ'
    ])
  })
})

describe('what a verified fix says it removes', () => {
  it('names the dev packages, cache folders and base packages, in a reviewer’s words', () => {
    expect(
      removalText({
        devPackages: { count: 12, largest: ['typescript 5.6.3', 'jest 29.7.0'] },
        removed: [
          { change: 'dev-packages', folder: '', files: 900, bytes: 9e6 },
          { change: 'caches', folder: 'root/.npm', files: 1204, bytes: 1e6 }
        ],
        basePackages: []
      })
    ).toBe(
      'same files, owners and modes; removes 12 dev packages (typescript 5.6.3, jest 29.7.0, …) and 1,204 files under /root/.npm'
    )
    expect(
      removalText({ devPackages: { count: 0, largest: [] }, removed: [], basePackages: [] })
    ).toBe('same files, owners and modes')
  })
})

describe('the program an image starts', () => {
  const files = (layers: LayerFile[][], config: Record<string, unknown>) => image(layers, config)
  it('is found through PATH and symlinks, and missing when the image lacks it', () => {
    const layers = [
      [
        entry('usr/local/bin/node'),
        entry('usr/local/bin/npm', { kind: 'symlink', link: '../lib/npm/bin/npm-cli.js' }),
        entry('usr/local/lib/npm/bin/npm-cli.js')
      ]
    ]
    const env = { Env: ['PATH=/usr/local/bin:/usr/bin'] }
    expect(startsProgram(files(layers, { ...env, Cmd: ['node', 'a.js'] }))).toBe(true)
    expect(startsProgram(files(layers, { ...env, Entrypoint: ['npm'], Cmd: ['start'] }))).toBe(true)
    expect(startsProgram(files(layers, { ...env, Cmd: ['python3'] }))).toBe(false)
    expect(startsProgram(files(layers, { Cmd: ['/usr/local/bin/node'] }))).toBe(true)
    expect(startsProgram(files(layers, {}))).toBeUndefined()
  })
})
