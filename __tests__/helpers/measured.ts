import { expect } from '@jest/globals'
import type { ImageReport } from '../../src/report/types.js'
import { docker, engineLayerSizes, savedImage, systemGzipSizes } from './engine.js'
import { world } from './world.js'

/**
 * Our numbers against the engine's own. On the classic image store: its layer sizes,
 * its image size and the system gzip of each saved layer (within 2%). On the
 * containerd store, which keeps layers as pulled: the stored blobs exactly, and each
 * layer's content bytes as the system tar counts them (the store's own sizes count
 * unpacked snapshots, another measure).
 */
export async function expectMeasuredLikeTheEngine(report: ImageReport): Promise<void> {
  expect(report.imageStore).toBe(world.builderExports ? null : world.imageStore)
  if (world.imageStore === 'containerd') return expectStoredBlobs(report)
  const ours = report.layers.map(layer => layer.uncompressedBytes)
  expect(ours.filter(size => size > 0)).toEqual(await engineLayerSizes(report.imageId))
  expect(report.uncompressedBytes).toBe(
    Number(await docker('image', 'inspect', '--format', '{{.Size}}', report.imageId))
  )
  const gzipped = systemGzipSizes(report.imageId)
  expect(report.layers).toHaveLength(gzipped.length)
  // Two deflate encoders at level 6 (zlib's, in blocks primed as pigz does, and GNU
  // gzip's) make streams that differ by their block choices alone: 2% of a large
  // layer, a few dozen bytes of a small one; the header and trailer are the same 18.
  report.layers.forEach((layer, index) => {
    expect(Math.abs(layer.compressedBytes - gzipped[index])).toBeLessThanOrEqual(
      Math.max(0.02 * gzipped[index], 64)
    )
  })
  const total = gzipped.reduce((a, b) => a + b, 0)
  expect(Math.abs(report.compressedBytes - total)).toBeLessThanOrEqual(0.02 * total)
}

function expectStoredBlobs(report: ImageReport): void {
  const saved = savedImage(report.imageId)
  expect(report.compressedSource).toBe('archive')
  expect(report.layers.map(layer => layer.compressedBytes)).toEqual(
    saved.layers.map(layer => layer.blobBytes)
  )
  expect(report.layers.map(layer => layer.uncompressedBytes)).toEqual(
    saved.layers.map(layer => layer.contentBytes)
  )
  const blobs = saved.layers.reduce((sum, layer) => sum + layer.blobBytes, 0)
  expect(report.compressedBytes).toBe(blobs + saved.configBytes)
}
