import { describe, expect, it } from '@jest/globals'
import { createHash, randomBytes } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import * as tar from 'tar-stream'
import { readImageArchive } from '../src/image/archive.js'

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

  it('reads the legacy flavour, where a repeated layer is a link to its first copy', async () => {
    const layer = await tarOf([{ name: 'etc/motd', body: Buffer.from('hello\n') }])
    const config = json({
      os: 'linux',
      architecture: 'amd64',
      rootfs: { diff_ids: [] },
      history: []
    })
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
