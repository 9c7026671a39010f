import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'
import { readImageArchive, readImageArchives } from '../../../src/image/archive.js'
import { measureArchive } from '../../../src/image/measure.js'
import { TarReader } from '../../../src/image/tar-headers.js'

/**
 * Archives written byte by byte, as a careless or hostile tool might: each is
 * measured right, or refused in one line about the input, in bounded time and memory.
 */
const BLOCK = 512
const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex')
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value))

interface RawEntry {
  name: string
  body?: Buffer
  /** The type flag: 0 file, 2 symlink, 5 folder, x pax header. */
  type?: string
  linkname?: string
  /** The size field, where it is not the body's length. */
  size?: number
}

/** One ustar header, its checksum right. */
function header(entry: RawEntry): Buffer {
  const block = Buffer.alloc(BLOCK)
  block.write(entry.name, 0, 100, 'utf8')
  block.write('0000644\0', 100, 'latin1')
  block.write('0000000\0', 108, 'latin1')
  block.write('0000000\0', 116, 'latin1')
  const size = entry.size ?? entry.body?.length ?? 0
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1')
  block.write('00000000000\0', 136, 'latin1')
  block.write(entry.type ?? '0', 156, 'latin1')
  if (entry.linkname) block.write(entry.linkname, 157, 100, 'utf8')
  block.write('ustar\x0000', 257, 'latin1')
  block.fill(0x20, 148, 156)
  let sum = 0
  for (const byte of block) sum += byte
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1')
  return block
}

/** A tar of raw entries, with the end-of-archive marker. */
function rawTar(entries: RawEntry[]): Buffer {
  const parts: Buffer[] = []
  for (const entry of entries) {
    parts.push(header(entry))
    const body = entry.body ?? Buffer.alloc(0)
    parts.push(body, Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK))
  }
  parts.push(Buffer.alloc(2 * BLOCK))
  return Buffer.concat(parts)
}

/** A pax header entry of these records, each `len key=value\n`. */
function pax(records: string[]): RawEntry {
  return { name: 'PaxHeaders/x', type: 'x', body: Buffer.from(records.join('')) }
}
/** One pax record: its length counts its own digits. */
const record = (key: string, value: string): string => {
  const text = ` ${key}=${value}\n`
  let length = text.length + 1
  while (`${length}${text}`.length !== length) length = `${length}${text}`.length
  return `${length}${text}`
}

/**
 * The sha256 of each layer's uncompressed tar, as a config names them; none where a
 * layer does not gunzip here (zstd, or broken on purpose).
 */
function diffIdsOf(layers: Buffer[]): string[] | null {
  try {
    const tars = layers.map(layer =>
      layer[0] === 0x1f && layer[1] === 0x8b ? gunzipSync(layer) : layer
    )
    if (tars.some(tar => tar.length >= 4 && tar.readUInt32LE(0) !== 0 && !isTar(tar))) return null
    return tars.map(tar => `sha256:${sha(tar)}`)
  } catch {
    return null
  }
}

/** A tar's first block has `ustar` where a tar's header has it. */
const isTar = (data: Buffer): boolean => data.toString('latin1', 257, 262) === 'ustar'

/** A docker save archive of these layer tars; `extra` entries go first. */
function dockerArchive(
  layers: Buffer[],
  options: { diffIds?: string[] | null; extra?: RawEntry[] } = {}
) {
  const names = layers.map(layer => `blobs/sha256/${sha(layer)}`)
  const diffIds = options.diffIds !== undefined ? options.diffIds : diffIdsOf(layers)
  const config = json({
    os: 'linux',
    architecture: 'amd64',
    rootfs: diffIds === null ? { type: 'layers' } : { type: 'layers', diff_ids: diffIds },
    history: layers.map(() => ({ created_by: 'COPY x /' }))
  })
  return rawTar([
    ...(options.extra ?? []),
    ...layers.map((layer, index) => ({ name: names[index], body: layer })),
    { name: `blobs/sha256/${sha(config)}`, body: config },
    {
      name: 'manifest.json',
      body: json([{ Config: `blobs/sha256/${sha(config)}`, Layers: names }])
    }
  ])
}

async function* chunks(buffer: Buffer): AsyncIterable<Buffer> {
  for (let at = 0; at < buffer.length; at += 65536) yield buffer.subarray(at, at + 65536)
}

const measure = async (archive: Buffer) =>
  measureArchive(await readImageArchive(chunks(archive)), [])

/** A layer tar of files, each `[path, bytes]`. */
const layerOf = (files: [string, number][]): Buffer =>
  rawTar(files.map(([name, bytes]) => ({ name, body: Buffer.alloc(bytes, 0x61) })))

describe('loops end', () => {
  it('refuses layers whose links loop, naming the layer', async () => {
    const archive = rawTar([
      { name: 'a/layer.tar', type: '2', linkname: '../b/layer.tar' },
      { name: 'b/layer.tar', type: '2', linkname: '../a/layer.tar' },
      { name: 'config.json', body: json({ rootfs: { diff_ids: [] }, history: [] }) },
      { name: 'manifest.json', body: json([{ Config: 'config.json', Layers: ['a/layer.tar'] }]) }
    ])
    await expect(measure(archive)).rejects.toThrow('a/layer.tar: its links loop')
  })

  it('reads each index once, however often and however deep it is listed', async () => {
    const tar = layerOf([['app.bin', 100]])
    const layer = gzipSync(tar)
    const config = json({
      architecture: 'amd64',
      os: 'linux',
      rootfs: { diff_ids: [`sha256:${sha(tar)}`] }
    })
    const manifest = json({
      config: { digest: `sha256:${sha(config)}` },
      layers: [{ digest: `sha256:${sha(layer)}` }]
    })
    const entries: RawEntry[] = [layer, config, manifest].map(body => ({
      name: `blobs/sha256/${sha(body)}`,
      body
    }))
    // 39 indexes, each listing the next twice: 2^38 visits if each listing were followed.
    let child = `sha256:${sha(manifest)}`
    for (let depth = 0; depth < 39; depth++) {
      const index = json({ manifests: [{ digest: child }, { digest: child }] })
      entries.push({ name: `blobs/sha256/${sha(index)}`, body: index })
      child = `sha256:${sha(index)}`
    }
    // One that lists itself, too.
    entries.push({ name: 'index.json', body: json({ manifests: [{ digest: child }] }) })
    const images = await readImageArchives(chunks(rawTar(entries)))
    expect(images).toHaveLength(1)
    expect(images[0].layers[0].contentBytes).toBe(100)
  })
})

describe('memory stays bounded', () => {
  it('refuses a pax header larger than a header needs, before holding it', async () => {
    const layer = rawTar([{ name: 'PaxHeaders/x', type: 'x', size: 1024 ** 3 }])
    await expect(measure(dockerArchive([layer]))).rejects.toThrow(
      /a pax header of 1073741824 bytes at byte 0 is over the 1 MiB a header may take$/
    )
  })

  it('refuses a zstd frame that declares more than it may decode at once', async () => {
    // Magic, a single-segment frame with an 8-byte content size of 2 GiB, then one raw block.
    const frame = Buffer.from([
      0x28, 0xb5, 0x2f, 0xfd, 0xe0, 0, 0, 0, 0x80, 0, 0, 0, 0, 1, 0, 0, 0x61
    ])
    await expect(measure(dockerArchive([frame]))).rejects.toThrow(
      /its zstd frame declares 2147483648 bytes, over the 512 MiB this reader decodes at once$/
    )
  })

  const zstd = (data: Buffer): Buffer =>
    execFileSync('zstd', ['-q', '-c', '--check'], { input: data, maxBuffer: 64 * 1024 * 1024 })
  const hasZstd = spawnSync('zstd', ['--version']).status === 0

  it('checks every frame of a zstd layer, not only the first', async () => {
    if (!hasZstd)
      return console.log('skipped: no zstd command to write zstd frames (apt-get install zstd)')
    const tar = layerOf([
      ['a', 300_000],
      ['b', 200_000]
    ])
    const half = 512 * 400
    // Two frames and a skippable one between, as a streaming compressor may write them.
    const skippable = Buffer.from([0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3])
    const frames = Buffer.concat([zstd(tar.subarray(0, half)), skippable, zstd(tar.subarray(half))])
    const measured = await measure(dockerArchive([frames]))
    expect(measured.layers[0].uncompressedBytes).toBe(500_000)
    const huge = Buffer.from([
      0x28, 0xb5, 0x2f, 0xfd, 0xe0, 0, 0, 0, 0x80, 0, 0, 0, 0, 1, 0, 0, 0x61
    ])
    await expect(
      measure(dockerArchive([Buffer.concat([zstd(tar.subarray(0, half)), huge])]))
    ).rejects.toThrow('its zstd frame declares 2147483648 bytes')
  })

  it('refuses small entries that add up to more than any image documents take', async () => {
    const entries: RawEntry[] = Array.from({ length: 65 }, (_, index) => ({
      name: `blobs/sha256/${String(index).padStart(64, '0')}`,
      body: Buffer.alloc(1024 * 1024, 0x7b)
    }))
    await expect(readImageArchives(chunks(rawTar(entries)))).rejects.toThrow(
      'its small entries hold over 64 MiB, more than an image'
    )
  })

  it('never holds entries no image reads', async () => {
    const junk = Array.from({ length: 100 }, (_, index) => ({
      name: `junk/${index}`,
      body: Buffer.alloc(1024 * 1024)
    }))
    const measured = await measure(dockerArchive([layerOf([['a', 10]])], { extra: junk }))
    expect(measured.files.fileCount).toBe(1)
  })
})

describe('strict where the format is', () => {
  const entriesOf = (tar: Buffer) => {
    const names: string[] = []
    const reader = new TarReader(entry => void names.push(entry.name))
    reader.write(tar)
    reader.end()
    return names
  }

  it("checks every header's checksum, not only the first", () => {
    const tar = rawTar([{ name: 'a', body: Buffer.alloc(10) }, { name: 'b' }])
    tar[BLOCK * 2] ^= 0x01
    expect(() => entriesOf(tar)).toThrow("a tar header's checksum is wrong at byte 1024")
  })

  it.each(['abc', '-1', '5.5', '1e3', '0x10'])('refuses a pax size of %j', size => {
    const tar = rawTar([pax([record('size', size)]), { name: 'a' }])
    expect(() => entriesOf(tar)).toThrow(
      `a pax size of ${JSON.stringify(size)} is not a byte count`
    )
  })

  it.each([
    ['a length that is no number', 'x path=a\n'],
    ['a length past the header', '99 path=a\n'],
    ['no key=value', '6 abc\n']
  ])('refuses a pax record with %s', (_, text) => {
    const tar = rawTar([pax([text]), { name: 'a' }])
    expect(() => entriesOf(tar)).toThrow(
      /a pax record at byte 0 of its header (is malformed|has no key=value)/
    )
  })

  it.each([
    ['etc//.wh.x', 'etc/x'],
    ['etc/./.wh.x', 'etc/x'],
    ['etc/sub/../.wh.x', 'etc/x'],
    ['../etc/.wh.x', 'etc/x']
  ])('cleans %s as Docker does, so the whiteout deletes %s', async (whiteout, deleted) => {
    const base = layerOf([
      [deleted, 100],
      ['etc/kept', 5]
    ])
    const measured = await measure(dockerArchive([base, layerOf([[whiteout, 0]])]))
    expect(measured.files.largestFiles.map(file => file.path)).toEqual(['etc/kept'])
  })

  it('counts every layer of a config with no diff_ids, or repeated ones', async () => {
    const layers = [layerOf([['a', 1000]]), layerOf([['b', 2000]])]
    // The same tar twice, stored once plain and once gzipped: one diff_id, two downloads.
    const same = layerOf([['c', 3000]])
    for (const [blobs, diffIds] of [
      [layers, null],
      [[same, gzipSync(same)], undefined]
    ] as const) {
      const measured = await measure(dockerArchive([...blobs], { diffIds }))
      const both = measured.layers.reduce((total, layer) => total + layer.compressedBytes, 0)
      // Both layers, and the config.
      expect(measured.compressedBytes).toBeGreaterThan(both)
    }
  })

  it('refuses more layers than its waste count can number, and measures a small layer once however often it is listed', async () => {
    const layer = layerOf([['a', 10]])
    const name = `blobs/sha256/${sha(layer)}`
    const config = json({ rootfs: { diff_ids: [] }, history: [] })
    const archive = (count: number) =>
      rawTar([
        { name, body: layer },
        { name: 'c.json', body: config },
        {
          name: 'manifest.json',
          body: json([{ Config: 'c.json', Layers: Array(count).fill(name) }])
        }
      ])
    expect((await measure(archive(4096))).layers).toHaveLength(4096)
    await expect(measure(archive(4097))).rejects.toThrow(
      'the image has 4097 layers; sizegate reads images of at most 4096'
    )
  })

  it('reads a folder 3,000 deep', async () => {
    const deep = Array.from({ length: 3000 }, () => 'd').join('/')
    const layer = rawTar([
      pax([record('path', `${deep}/file`)]),
      { name: 'x', body: Buffer.alloc(7) }
    ])
    const measured = await measure(dockerArchive([layer]))
    expect(measured.files.largestFiles).toMatchObject([{ path: `${deep}/file`, bytes: 7 }])
  })
})

describe('refusals say what is wrong with the input', () => {
  it("refuses a layer whose contents are not its config's diff_id, as docker load does", async () => {
    const layer = layerOf([['app/server.js', 3000]])
    const archive = dockerArchive([layer])
    // One byte of the file's contents, changed on the way: its header is as it was.
    archive[archive.indexOf(Buffer.alloc(3000, 0x61)) + 10] = 0x62
    await expect(measure(archive)).rejects.toThrow(
      /^layer blobs\/sha256\/[0-9a-f]{64}: its contents are not what the config's diff_ids\[0\] names \(sha256:[0-9a-f]{64}; read sha256:[0-9a-f]{64}\)$/
    )
  })

  it('refuses an image manifest with no list of layers, rather than reading an empty image', async () => {
    const config = json({ rootfs: { diff_ids: [] } })
    const manifest = json({ schemaVersion: 2, config: { digest: `sha256:${sha(config)}` } })
    const archive = rawTar([
      { name: `blobs/sha256/${sha(config)}`, body: config },
      { name: `blobs/sha256/${sha(manifest)}`, body: manifest },
      { name: 'index.json', body: json({ manifests: [{ digest: `sha256:${sha(manifest)}` }] }) }
    ])
    await expect(readImageArchives(chunks(archive))).rejects.toThrow(
      'an image manifest of the archive lists no layers'
    )
  })

  it('keeps the cause of a layer that does not decode', async () => {
    const layer = gzipSync(layerOf([['a', 100]]))
    layer[layer.length - 6] ^= 0xff
    await expect(measure(dockerArchive([layer]))).rejects.toThrow(
      /^layer blobs\/sha256\/[0-9a-f]{64}: .*(check|header|data)/
    )
  })

  it.each([
    ['manifest.json that is not JSON', Buffer.from('[{'), 'manifest.json is not JSON'],
    [
      'a manifest without layers',
      json([{ Config: 'c.json' }]),
      'manifest.json is not as an image archive has it: its field [0].Layers is missing'
    ],
    ['a manifest of null', json(null), 'manifest.json is not as an image archive has it (']
  ])('%s', async (_, manifest, said) => {
    const archive = rawTar([{ name: 'manifest.json', body: manifest }])
    await expect(measure(archive)).rejects.toThrow(said)
  })
})

/** The header of a one-entry tar with `patch` applied to it, its checksum made right again. */
function patched(entry: RawEntry, patch: (block: Buffer) => void): Buffer {
  const tar = rawTar([entry])
  patch(tar)
  tar.fill(0x20, 148, 156)
  let sum = 0
  for (let index = 0; index < BLOCK; index++) sum += tar[index]
  tar.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1')
  return tar
}

/** A zstd frame of raw blocks, written byte by byte: magic, a 1 MiB window, blocks of 128 KiB at most. */
function zstdRaw(data: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x50])]
  for (let at = 0; at < data.length || at === 0; at += 128 * 1024) {
    const block = data.subarray(at, at + 128 * 1024)
    const last = at + block.length >= data.length ? 1 : 0
    const header = (block.length << 3) | last
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]), block)
  }
  return Buffer.concat(parts)
}

describe('what GNU tar and Go refuse, sizegate refuses, in one line naming the entry', () => {
  const entriesOf = (tar: Buffer): string[] => {
    const names: string[] = []
    const reader = new TarReader(entry => void names.push(entry.name))
    reader.write(tar)
    reader.end()
    return names
  }
  const file = { name: 'app/data.bin', body: Buffer.alloc(6000, 0x61) }

  it("reads a file's header turned into a global pax header as records, and refuses them", () => {
    const tar = patched(file, block => block.write('g', 156, 'latin1'))
    expect(() => entriesOf(tar)).toThrow('a pax record at byte 0 of its header is malformed')
  })

  it('checks a real global pax header and names no entry by it, as Go does', () => {
    const global = {
      name: 'pax_global_header',
      type: 'g',
      body: Buffer.from(record('comment', 'x'))
    }
    expect(entriesOf(rawTar([global, file]))).toEqual(['app/data.bin'])
  })

  it.each<[string, (block: Buffer) => void, string]>([
    ['a size with a letter', block => block.write('0000001x560\0', 124, 'latin1'), 'a size field'],
    [
      'a size of spaces between digits',
      block => block.write('00 00013560\0', 124, 'latin1'),
      'a size field'
    ],
    ['a mode that is no number', block => block.write('06z4\0', 100, 'latin1'), 'a mode field'],
    [
      'a device number that is no number',
      block => block.write('9\0', 329, 'latin1'),
      'a devmajor field'
    ],
    [
      'a base-256 size past what a number holds',
      block => Buffer.from([0x80, ...Array(11).fill(0xff)]).copy(block, 124),
      'a size field'
    ]
  ])('refuses %s', (_, patch, field) => {
    expect(() => entriesOf(patched(file, patch))).toThrow(
      `the tar header at byte 0 ("app/data.bin") has ${field} that is not a number`
    )
  })

  it('refuses a negative base-256 size, and reads a large positive one', () => {
    const negative = patched(file, block => Buffer.from(Array(12).fill(0xff)).copy(block, 124))
    expect(() => entriesOf(negative)).toThrow(
      'the tar header at byte 0 ("app/data.bin") has a negative size'
    )
    const base256 = patched(file, block =>
      Buffer.from([0x80, ...Array(9).fill(0), 0x17, 0x70]).copy(block, 124)
    )
    expect(entriesOf(base256)).toEqual(['app/data.bin'])
  })

  it('refuses a type flag no tar knows', () => {
    expect(() => entriesOf(patched(file, block => block.write('Z', 156, 'latin1')))).toThrow(
      'the tar header at byte 0 ("app/data.bin") has an unknown type "Z"'
    )
  })

  it('refuses a block of zeros followed by more entries, as Go does (a hard link made of a file)', () => {
    // A file whose contents start with zeros, its type turned into a hard link: the
    // link has no data, so its contents are read as headers: zeros, then more.
    const body = Buffer.concat([Buffer.alloc(BLOCK), Buffer.alloc(BLOCK, 0x61)])
    const tar = patched({ name: 'app/data.bin', body }, block => block.write('1', 156, 'latin1'))
    expect(() => entriesOf(tar)).toThrow(
      'the tar has a block of zeros at byte 512 in the middle of its entries'
    )
  })

  it('refuses a last entry grown into the end-of-archive marker, which then is one block of zeros', () => {
    // As Go and BuildKit write a layer: the entries, then exactly two blocks of zeros.
    const tar = rawTar([file, { name: 'app/last.txt', body: Buffer.alloc(100, 0x62) }])
    expect(entriesOf(tar)).toEqual(['app/data.bin', 'app/last.txt'])
    const last = BLOCK * 13
    tar.write(`${(100 + BLOCK).toString(8).padStart(11, '0')}\0`, last + 124, 'latin1')
    tar.fill(0x20, last + 148, last + 156)
    let sum = 0
    for (let index = last; index < last + BLOCK; index++) sum += tar[index]
    tar.write(`${sum.toString(8).padStart(6, '0')}\0 `, last + 148, 'latin1')
    expect(() => entriesOf(tar)).toThrow(
      'the tar ends with one block of zeros where its end takes two'
    )
  })

  it('refuses indexes nested 5,000 deep in one line, not a stack trace', async () => {
    let child = `sha256:${'0'.repeat(64)}`
    const entries: RawEntry[] = []
    for (let depth = 0; depth < 5000; depth++) {
      const index = json({ manifests: [{ digest: child }] })
      entries.push({ name: `blobs/sha256/${sha(index)}`, body: index })
      child = `sha256:${sha(index)}`
    }
    entries.push({ name: 'index.json', body: json({ manifests: [{ digest: child }] }) })
    await expect(readImageArchives(chunks(rawTar(entries.reverse())))).rejects.toThrow(
      /^index\.json: its indexes nest more than 40 deep$/
    )
  })

  it('reads a zstd layer that starts with a skippable frame', async () => {
    const tar = layerOf([['app/server.js', 3000]])
    const skippable = Buffer.from([0x5e, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 9, 9, 9, 9])
    const measured = await measure(dockerArchive([Buffer.concat([skippable, zstdRaw(tar)])]))
    expect(measured.layers[0].uncompressedBytes).toBe(3000)
    expect(measured.files.largestFiles).toMatchObject([{ path: 'app/server.js', bytes: 3000 }])
  })

  it.each([
    ['a manifest list holding an empty object', [{}], 'manifests[0].digest'],
    [
      'a descriptor without a digest',
      [{ mediaType: 'application/vnd.oci.image.manifest.v1+json' }],
      'manifests[0].digest'
    ]
  ])('names the document and the field of %s', async (_, manifests, field) => {
    const archive = rawTar([{ name: 'index.json', body: json({ schemaVersion: 2, manifests }) }])
    await expect(readImageArchives(chunks(archive))).rejects.toThrow(
      `index.json is not as an image archive has it: its field ${field} is missing`
    )
  })

  it('names the manifest and the field of a layer descriptor without a digest', async () => {
    const config = json({ rootfs: { diff_ids: [] } })
    const manifest = json({ config: { digest: `sha256:${sha(config)}` }, layers: [{ size: 10 }] })
    const archive = rawTar([
      { name: `blobs/sha256/${sha(config)}`, body: config },
      { name: `blobs/sha256/${sha(manifest)}`, body: manifest },
      { name: 'index.json', body: json({ manifests: [{ digest: `sha256:${sha(manifest)}` }] }) }
    ])
    await expect(readImageArchives(chunks(archive))).rejects.toThrow(
      `manifest sha256:${sha(manifest)} is not as an image archive has it: its field layers[0].digest is missing`
    )
  })
})
