import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { gzipSync } from 'node:zlib'
import * as tar from 'tar-stream'
import { readImageArchive, readImageArchives } from '../../../src/image/archive.js'
import { type TarHeader, TarReader } from '../../../src/image/tar-headers.js'

type Entry = { name: string; body?: Buffer; linkname?: string }

async function tarOf(entries: Entry[]): Promise<Buffer> {
  const pack = tar.pack()
  for (const entry of entries) {
    if (entry.linkname) pack.entry({ name: entry.name, type: 'symlink', linkname: entry.linkname })
    else pack.entry({ name: entry.name }, entry.body ?? Buffer.alloc(0))
  }
  pack.finalize()
  const chunks: Buffer[] = []
  for await (const chunk of pack as unknown as AsyncIterable<Buffer>) chunks.push(chunk)
  return Buffer.concat(chunks)
}

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex')
const json = (value: unknown) => Buffer.from(JSON.stringify(value))
/** A config that names no layers and no history: enough where only the layers matter. */
const bareConfig = () =>
  json({ os: 'linux', architecture: 'amd64', rootfs: { diff_ids: [] }, history: [] })

/**
 * As a reader into one reused buffer delivers a buffer: each chunk is written
 * over as soon as the next one is asked for.
 */
async function* reused(buffer: Buffer, size: number): AsyncIterable<Buffer> {
  const scratch = Buffer.alloc(size)
  for (let at = 0; at < buffer.length; at += size) {
    const bytes = buffer.copy(scratch, 0, at, at + size)
    yield scratch.subarray(0, bytes)
    scratch.fill(0xee)
  }
}

const hasZstd = spawnSync('zstd', ['--version']).status === 0

/** Splits a buffer into small chunks, as a pipe delivers it. */
async function* chunked(buffer: Buffer, size = 4096): AsyncIterable<Buffer> {
  for (let at = 0; at < buffer.length; at += size) yield buffer.subarray(at, at + size)
}

describe('readImageArchive', () => {
  // The first layer is over the buffering limit compressed, so it is measured as it streams.
  it('reads the OCI-layout flavour of docker save, with compressed layer blobs', async () => {
    const big = await tarOf([{ name: 'usr/lib/big.so', body: randomBytes(2_000_000) }])
    const small = await tarOf([{ name: 'app/main.js', body: Buffer.from('console.log(1)\n') }])
    const layers = [gzipSync(big), small]
    const config = json({
      os: 'linux',
      architecture: 'arm64',
      variant: 'v8',
      rootfs: { diff_ids: [`sha256:${sha(big)}`, `sha256:${sha(small)}`] },
      history: [{ created_by: 'ADD rootfs' }, { created_by: 'COPY main.js /app/ # buildkit' }]
    })
    // An attestation blob, over the buffering limit and no tar: it is passed over.
    const sbom = json({ spdxVersion: 'SPDX-2.3', packages: 'x'.repeat(1_500_000) })
    const archive = await tarOf([
      { name: 'blobs/sha256/' + sha(layers[0]), body: layers[0] },
      { name: 'blobs/sha256/' + sha(layers[1]), body: layers[1] },
      { name: 'blobs/sha256/' + sha(config), body: config },
      { name: 'blobs/sha256/' + sha(sbom), body: sbom },
      { name: 'index.json', body: json({ schemaVersion: 2, manifests: [] }) },
      { name: 'oci-layout', body: json({ imageLayoutVersion: '1.0.0' }) },
      {
        name: 'manifest.json',
        body: json([
          {
            Config: `blobs/sha256/${sha(config)}`,
            Layers: layers.map(layer => `blobs/sha256/${sha(layer)}`)
          }
        ])
      }
    ])
    const image = await readImageArchive(chunked(archive))
    expect(image.config.architecture).toBe('arm64')
    expect(image.configBytes).toBe(config.length)
    expect(
      image.layers.map(layer => [layer.compressedExact, layer.contentBytes, layer.tarBytes])
    ).toEqual([
      [true, 2_000_000, big.length],
      [false, 15, small.length]
    ])
    expect(image.layers[0].compressedBytes).toBe(layers[0].length)
  })

  it("reads a builder's OCI export: one image per platform, shared blobs, attestations left out", async () => {
    const shared = gzipSync(await tarOf([{ name: 'etc/os-release', body: Buffer.from('ID=x\n') }]))
    const own = (text: string) => gzipSync(Buffer.from(text))
    const v1 = gzipSync(await tarOf([{ name: 'app/v1.bin', body: randomBytes(3000) }]))
    const v2 = gzipSync(await tarOf([{ name: 'app/v2.bin', body: randomBytes(5000) }]))
    const configOf = (variant?: string) =>
      json({ os: 'linux', architecture: 'amd64', ...(variant ? { variant } : {}), history: [] })
    const configs = [configOf(), configOf('v2')]
    const manifestOf = (config: Buffer, layer: Buffer) =>
      json({
        config: { digest: `sha256:${sha(config)}`, size: config.length },
        layers: [shared, layer].map(blob => ({ digest: `sha256:${sha(blob)}`, size: blob.length }))
      })
    const manifests = [manifestOf(configs[0], v1), manifestOf(configs[1], v2)]
    const attestation = json({ layers: [] })
    const index = json({
      manifests: [
        { digest: `sha256:${sha(manifests[0])}`, platform: { os: 'linux', architecture: 'amd64' } },
        {
          digest: `sha256:${sha(manifests[1])}`,
          platform: { os: 'linux', architecture: 'amd64', variant: 'v2' }
        },
        {
          digest: `sha256:${sha(attestation)}`,
          annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
          platform: { os: 'unknown', architecture: 'unknown' }
        }
      ]
    })
    const blobs = [shared, v1, v2, ...configs, ...manifests, attestation, index, own('unused')]
    const archive = await tarOf([
      ...blobs.map(blob => ({ name: `blobs/sha256/${sha(blob)}`, body: blob })),
      { name: 'index.json', body: json({ manifests: [{ digest: `sha256:${sha(index)}` }] }) },
      { name: 'oci-layout', body: json({ imageLayoutVersion: '1.0.0' }) }
    ])
    const images = await readImageArchives(chunked(archive))
    expect(images.map(image => [image.config.variant, image.configDigest])).toEqual([
      [undefined, `sha256:${sha(configs[0])}`],
      ['v2', `sha256:${sha(configs[1])}`]
    ])
    expect(images.map(image => image.layers.map(layer => layer.compressedBytes))).toEqual([
      [shared.length, v1.length],
      [shared.length, v2.length]
    ])
    // Each image has its own copy of a shared layer: letting go of one keeps the other.
    expect(images[0].layers[0]).not.toBe(images[1].layers[0])
    expect(images[1].layers[1].contentBytes).toBe(5000)
  })

  it('reads the legacy flavour, where a repeated layer is a link to its first copy', async () => {
    const layer = await tarOf([{ name: 'etc/motd', body: Buffer.from('hello\n') }])
    const config = bareConfig()
    const archive = await tarOf([
      { name: 'aaa/layer.tar', body: layer },
      { name: 'bbb/layer.tar', linkname: '../aaa/layer.tar' },
      { name: 'cfg.json', body: config },
      {
        name: 'manifest.json',
        body: json([{ Config: 'cfg.json', Layers: ['aaa/layer.tar', 'bbb/layer.tar'] }])
      }
    ])
    const image = await readImageArchive(chunked(archive))
    expect(image.layers).toHaveLength(2)
    expect(image.layers[1].contentBytes).toBe(6)
  })

  it('says what is missing from an archive that is not an image', async () => {
    await expect(
      readImageArchive(chunked(await tarOf([{ name: 'hello.txt', body: Buffer.from('hi') }])))
    ).rejects.toThrow('the image archive has no manifest.json')
    const noLayer = await tarOf([
      { name: 'c.json', body: json({}) },
      { name: 'manifest.json', body: json([{ Config: 'c.json', Layers: ['x/layer.tar'] }]) }
    ])
    await expect(readImageArchive(chunked(noLayer))).rejects.toThrow(
      'the image archive has no layer x/layer.tar'
    )
  })
})

describe('an archive read from one reused buffer', () => {
  /** Layers over the buffering limit, so that each is measured as it streams. */
  async function streamedLayers(): Promise<Buffer[]> {
    const text = Buffer.from('export const line = 1\n'.repeat(60_000))
    const plain = await tarOf([
      { name: 'app/bundle.js', body: text },
      { name: 'app/link', linkname: 'bundle.js' }
    ])
    const media = await tarOf([{ name: 'srv/media.bin', body: randomBytes(1_200_000) }])
    const layers = [plain, gzipSync(media)]
    // A zstd layer where there is a zstd command to write one (CI installs it).
    if (hasZstd)
      layers.push(execFileSync('zstd', ['-q', '-c'], { input: media, maxBuffer: 1 << 24 }))
    return layers
  }

  // 514: the first layer's first chunk holds 2 bytes, too few to tell a tar from
  // gzip or zstd, and they must outlive their chunk.
  it.each([514, 4093, 65_536])('in chunks of %i bytes, measures as fresh chunks do', async size => {
    const layers = await streamedLayers()
    const config = bareConfig()
    const archive = await tarOf([
      ...layers.map((body, index) => ({ name: `l${index}/layer.tar`, body })),
      { name: 'cfg.json', body: config },
      {
        name: 'manifest.json',
        body: json([
          { Config: 'cfg.json', Layers: layers.map((_, index) => `l${index}/layer.tar`) }
        ])
      }
    ])
    const expected = await readImageArchive(chunked(archive))
    const image = await readImageArchive(reused(archive, size))
    expect(image.layers).toEqual(expected.layers)
    expect(image.layers.map(layer => layer.contentBytes)).toEqual(
      [1_320_000 + 9, 1_200_000, 1_200_000].slice(0, layers.length)
    )
  })
})

describe('the tar header reader', () => {
  const headersOf = (data: Buffer, chunk = 7): TarHeader[] => {
    const found: TarHeader[] = []
    const reader = new TarReader(header => void found.push(header))
    for (let at = 0; at < data.length; at += chunk) reader.write(data.subarray(at, at + chunk))
    reader.end()
    return found
  }
  const longName = `${'deep/'.repeat(40)}file-with-a-long-name.txt`

  it('reads ustar prefixes, pax names and links, and every type, as tar-stream writes them', async () => {
    const pack = tar.pack()
    pack.entry({ name: 'app', type: 'directory' })
    pack.entry({ name: 'app/a.txt' }, Buffer.alloc(1000, 'a'))
    pack.entry({ name: longName }, Buffer.alloc(700, 'b'))
    pack.entry({ name: 'app/link', type: 'symlink', linkname: `/${longName}` })
    pack.entry({ name: 'app/hard', type: 'link', linkname: 'app/a.txt' })
    pack.entry({ name: 'app/.wh.gone', size: 0 }, Buffer.alloc(0))
    pack.finalize()
    const chunks: Buffer[] = []
    for await (const chunk of pack as unknown as AsyncIterable<Buffer>) chunks.push(chunk)
    const data = Buffer.concat(chunks)
    expect(headersOf(data).map(h => [h.name, h.type, h.size, h.linkname])).toEqual([
      ['app', 'directory', 0, ''],
      ['app/a.txt', 'file', 1000, ''],
      [longName, 'file', 700, ''],
      ['app/link', 'symlink', 0, `/${longName}`],
      ['app/hard', 'link', 0, 'app/a.txt'],
      ['app/.wh.gone', 'file', 0, '']
    ])
  })

  it('reads GNU long names as GNU tar writes them', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sizegate-gnu-'))
    try {
      mkdirSync(path.join(dir, path.dirname(longName)), { recursive: true })
      writeFileSync(path.join(dir, longName), 'x'.repeat(3000))
      const data = execFileSync('tar', ['--format=gnu', '-C', dir, '-cf', '-', 'deep'])
      const files = headersOf(data, 4096).filter(header => header.type === 'file')
      expect(files.map(h => [h.name, h.size])).toEqual([[longName, 3000]])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reads a base-256 size', () => {
    const header = Buffer.alloc(512)
    header.write('big.bin', 0)
    header.write('0000644\0', 100)
    header[124] = 0x80
    header.writeUIntBE(9_000_000_000, 124 + 6, 6)
    header.write('0', 156)
    header.write('ustar\x0000', 257, 'latin1')
    header.fill(0x20, 148, 156)
    const sum = header.reduce((total, byte) => total + byte, 0)
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1')
    const found: TarHeader[] = []
    new TarReader(entry => void found.push(entry)).write(header)
    expect(found).toMatchObject([{ name: 'big.bin', size: 9_000_000_000 }])
  })

  it('hands the contents of an entry, and only those, to the sink asked for', async () => {
    const body = Buffer.from(Array.from({ length: 3000 }, (_, index) => index % 251))
    const data = await tarOf([
      { name: 'skipped', body: Buffer.alloc(900, 1) },
      { name: 'wanted', body },
      { name: 'empty', body: Buffer.alloc(0) }
    ])
    for (const chunk of [1, 7, 512, 4096]) {
      const got = new Map<string, Buffer[]>()
      const ended: string[] = []
      const reader = new TarReader(header => {
        if (header.name === 'skipped') return undefined
        got.set(header.name, [])
        return {
          write: part => got.get(header.name)?.push(Buffer.from(part)),
          end: () => void ended.push(header.name)
        }
      })
      for (let at = 0; at < data.length; at += chunk) reader.write(data.subarray(at, at + chunk))
      reader.end()
      expect(Buffer.concat(got.get('wanted') ?? [])).toEqual(body)
      expect(Buffer.concat(got.get('empty') ?? [])).toHaveLength(0)
      expect(ended).toEqual(['wanted', 'empty'])
    }
  })

  it('rejects what is no tar, and a tar cut short', async () => {
    expect(() => headersOf(Buffer.from(JSON.stringify({ sbom: 'x'.repeat(600) })))).toThrow(
      'not a tar'
    )
    const data = await tarOf([{ name: 'a', body: Buffer.alloc(2000) }])
    expect(() => headersOf(data.subarray(0, 1024))).toThrow('ends in the middle of an entry')
  })
})
