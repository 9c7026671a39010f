import { describe, expect, it } from '@jest/globals'
import { estimatedPullBytes, pullBytes } from '../../../src/image/measure.js'

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
