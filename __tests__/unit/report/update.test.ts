import { describe, expect, it } from '@jest/globals'
import { renderComparison } from '../../../src/cli/terminal.js'
import { compareTargets } from '../../../src/report/compare.js'
import { judge } from '../../../src/report/gate.js'
import { basePart } from '../../../src/report/base-part.js'
import { parseReport } from '../../../src/report/parse.js'
import type { ImageReport, LayerReport } from '../../../src/report/types.js'
import { updateSize } from '../../../src/report/update.js'
import { layer, plainComment, sampleReport } from '../../helpers/reports.js'

const MB = 1_000_000

/** A layer with its own contents (`id`), blob (`blob`, or none) and compressed size. */
function made(id: number, compressed: number, blob: string | null = `b${id}`): LayerReport {
  return {
    ...layer(id, `RUN step ${id}`, compressed * 2),
    digest: `sha256:${String(id).padStart(64, '0')}`,
    blob: blob && `sha256:${blob.padStart(64, '0')}`,
    compressedBytes: compressed
  }
}

const image = (layers: LayerReport[], overrides: Partial<ImageReport> = {}): ImageReport =>
  sampleReport({ layers, compressedSource: 'registry', ...overrides })

describe('the update size', () => {
  const base = image([made(1, 30 * MB), made(2, 5 * MB), made(3, 2 * MB)])

  it('counts only the layers the base lacks: a new last layer', () => {
    const head = image([made(1, 30 * MB), made(2, 5 * MB), made(4, 3 * MB)])
    expect(updateSize(base, head)).toEqual({
      known: true,
      bytes: 3 * MB,
      sharedLayers: 2,
      layers: 3,
      matchedBy: 'blob',
      estimated: false
    })
  })

  it('counts nearly everything when the base image changed', () => {
    const head = image([made(7, 31 * MB), made(8, 5 * MB), made(3, 2 * MB)])
    expect(updateSize(base, head)).toMatchObject({ bytes: 36 * MB, sharedLayers: 1, layers: 3 })
  })

  it('takes the same contents compressed anew for a new download when both sides know blobs', () => {
    const head = image([made(1, 30 * MB), made(2, 5 * MB, 'recompressed'), made(3, 2 * MB)])
    expect(updateSize(base, head)).toMatchObject({ bytes: 5 * MB, sharedLayers: 2 })
  })

  it('matches by contents where a side has no blob digests, and says the bytes are estimated', () => {
    const unpacked = image([made(1, 30 * MB, null), made(2, 5 * MB, null), made(3, 2 * MB, null)], {
      compressedSource: 'gzip-estimate'
    })
    const head = image([made(1, 29 * MB, null), made(2, 5 * MB, null), made(5, 4 * MB, null)], {
      compressedSource: 'gzip-estimate'
    })
    expect(updateSize(unpacked, head)).toMatchObject({
      bytes: 4 * MB,
      sharedLayers: 2,
      matchedBy: 'content',
      estimated: true
    })
    // One side with blobs, the other without: by contents.
    expect(updateSize(base, head)).toMatchObject({ matchedBy: 'content', bytes: 4 * MB })
  })

  it('counts a layer the head lists twice once, as a pull downloads it', () => {
    const head = image([made(1, 30 * MB), made(6, 3 * MB), made(6, 3 * MB)])
    expect(updateSize(base, head)).toMatchObject({ bytes: 3 * MB, sharedLayers: 1, layers: 3 })
  })

  it('is unknown, and says why, when a report has no layer digests', () => {
    const old = image([{ ...made(1, 30 * MB), digest: '' }])
    expect(updateSize(old, base)).toEqual({
      known: false,
      reason: 'the base report has no digests of its layers'
    })
  })

  it('reads a schema 1 report (no blobs) as one matched by contents', () => {
    // Version 1 had no blobs and no base part.
    const old = JSON.parse(JSON.stringify({ ...base, schema: 1 })) as Record<string, unknown>
    delete old.base
    for (const item of old.layers as Record<string, unknown>[]) delete item.blob
    const parsed = parseReport(JSON.stringify(old))
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.value.schema).toBe(2)
    expect(parsed.value.layers.every(item => item.blob === null)).toBe(true)
    expect(parsed.value.base).toBeNull()
    expect(updateSize(parsed.value, base)).toMatchObject({ matchedBy: 'content', bytes: 0 })
  })
})

describe('max-update', () => {
  const base = image([made(1, 30 * MB), made(2, 5 * MB)])
  const verdict = (head: ImageReport, maxUpdate?: number) => {
    const [comparison] = compareTargets([head], [base])
    return judge(comparison, { metric: 'compressed', maxUpdate })
  }

  it('fails a head whose update is over it, and passes one within, saying both', () => {
    const small = verdict(image([made(1, 30 * MB), made(3, 3 * MB)]), 10 * MB)
    expect(small.exceeded).toBe(false)
    expect(small.sentence).toContain(
      "a host with the base's image downloads 3.0 MB (1 of 2 layers shared), within the max-update of 10.0 MB"
    )
    const large = verdict(image([made(9, 31 * MB), made(3, 3 * MB)]), 10 * MB)
    expect(large.exceeded).toBe(true)
    expect(large.sentence).toContain(
      'downloads 34.0 MB (0 of 2 layers shared), over the max-update'
    )
  })

  it('says nothing of it when not set, and never fails on an unknown update', () => {
    expect(verdict(image([made(9, 31 * MB)])).sentence).not.toContain('update')
    const unknown = verdict(image([{ ...made(9, 31 * MB), digest: '' }]), MB)
    expect(unknown.exceeded).toBe(false)
    expect(unknown.sentence).toContain('its update size is unknown')
  })
})

describe("the base image's part and the own layers", () => {
  /** An image of `baseLayers` base-image layers (FROM) and `own` layers the Dockerfile adds. */
  function split(image: string, baseLayers: LayerReport[], own: LayerReport[]): ImageReport {
    const layers = [...baseLayers.map(item => ({ ...item, instruction: 'FROM' })), ...own]
    const compressedBytes = layers.reduce((sum, item) => sum + item.compressedBytes, 0) + 1000
    const uncompressedBytes = layers.reduce((sum, item) => sum + item.uncompressedBytes, 0)
    return sampleReport({
      layers,
      compressedBytes,
      uncompressedBytes,
      compressedSource: 'registry',
      base: basePart(layers, image)
    })
  }
  const slim = [made(1, 30 * MB), made(2, 10 * MB)]
  const full = [made(11, 300 * MB), made(12, 600 * MB)]
  const main = split('node:20-slim', slim, [made(3, 5 * MB)])

  it('keeps the base image, its layers and bytes in the report', () => {
    expect(main.base).toEqual({
      image: 'node:20-slim',
      layers: 2,
      compressedBytes: 40 * MB,
      uncompressedBytes: 80 * MB
    })
  })

  it('says a base-only change in one line, and the own-part gate passes it', () => {
    const head = split('node:20', full, [made(3, 5 * MB)])
    const [comparison] = compareTargets([head], [main])
    expect(comparison.parts?.baseImage).toEqual({ base: 'node:20-slim', head: 'node:20' })
    expect(comparison.parts?.own.compressed.delta).toBe(0)
    const verdict = judge(comparison, { metric: 'compressed', maxOwnIncrease: { percent: 10 } })
    expect(verdict.exceeded).toBe(false)
    expect(verdict.sentence).toContain('its own layers is unchanged')
    const comment = plainComment([comparison], [verdict])
    expect(comment).toContain(
      '- production: base image <code>node:20-slim</code> → <code>node:20</code>: +860 MB (+2150.0%); own layers 5.0 MB, unchanged'
    )
  })

  it('fails an own-only change over the own-part limit, the base unchanged', () => {
    const head = split('node:20-slim', slim, [made(3, 5 * MB), made(4, 2 * MB)])
    const [comparison] = compareTargets([head], [main])
    const verdict = judge(comparison, { metric: 'compressed', maxOwnIncrease: { percent: 10 } })
    expect(verdict.exceeded).toBe(true)
    expect(verdict.sentence).toContain(
      'its own layers grew by 2.0 MB (+40.0%), over the max-own-increase of 10%'
    )
    expect(plainComment([comparison], [verdict])).toContain(
      '- production: base image <code>node:20-slim</code> unchanged (40.0 MB); own layers 5.0 MB → 7.0 MB, +2.0 MB (+40.0%)'
    )
  })

  it('does not judge the own part where a side does not know its base (a report before schema 2)', () => {
    const head = split('node:20-slim', slim, [made(3, 9 * MB)])
    const [comparison] = compareTargets([head], [{ ...main, base: null }])
    expect(comparison.parts).toBeNull()
    const verdict = judge(comparison, { metric: 'compressed', maxOwnIncrease: { percent: 10 } })
    expect(verdict.exceeded).toBe(false)
    expect(verdict.sentence).toContain('the max-own-increase is not judged')
  })

  it('prints both in sizegate diff, names as they are', () => {
    const head = split('node:20', full, [made(3, 5 * MB)])
    const [comparison] = compareTargets([head], [main])
    const verdict = judge(comparison, { metric: 'compressed' })
    const text = renderComparison(comparison, verdict, 'compressed')
    expect(text).toContain(
      '  update: 900 MB (1 of 3 layers shared) to download for a host with the base image'
    )
    expect(text).toContain(
      '  base image node:20-slim → node:20: +860 MB (+2150.0%); own layers 5.0 MB, unchanged'
    )
  })

  it('escapes a base image name the Dockerfile gives', () => {
    const head = split('evil`<b>|', slim, [made(3, 5 * MB)])
    const [comparison] = compareTargets([head], [main])
    const comment = plainComment([comparison])
    expect(comment).toContain('<code>evil&#96;&lt;b&gt;&#124;</code>')
    expect(comment).not.toContain('<b>')
  })
})
