import { describe, expect, it } from '@jest/globals'
import { gunzipSync, gzipSync } from 'node:zlib'
import { analyzeLayer } from '../../../src/image/layer.js'
import { entriesTar } from '../../helpers/layout.js'

describe('analyzeLayer', () => {
  it('measures a tar: content as the engine counts it, tar bytes and a gzip estimate', async () => {
    const layer = await entriesTar([
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
    const layer = await entriesTar([{ name: 'a.txt', size: 100000 }])
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
