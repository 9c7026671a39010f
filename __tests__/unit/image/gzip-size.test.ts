import { describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { GzipSizer } from '../../../src/image/gzip-size.js'

describe('the gzip size, compressed in blocks side by side', () => {
  const sizeOf = async (data: Buffer, chunk: number): Promise<number> => {
    const sizer = new GzipSizer()
    for (let at = 0; at < data.length; at += chunk) {
      sizer.write(data.subarray(at, at + chunk))
      await sizer.ready()
    }
    return sizer.end()
  }
  const text = Buffer.from(
    Array.from(
      { length: 200_000 },
      (_, line) => `line ${line} of ${(line * 7919) % 104729}\n`
    ).join('')
  )
  const noise = randomBytes(3 * 1024 * 1024)

  it.each([
    ['text that compresses', text],
    ['incompressible data', noise],
    ['both', Buffer.concat([text, noise, text])]
  ])('is within 0.1%% of a single gzip stream for %s', async (_, data) => {
    const single = gzipSync(data, { level: 6 }).length
    expect(Math.abs((await sizeOf(data, 64 * 1024)) - single)).toBeLessThanOrEqual(single * 0.001)
  })

  it('is a gzip frame for nothing', async () => {
    expect(await sizeOf(Buffer.alloc(0), 1)).toBe(gzipSync(Buffer.alloc(0), { level: 6 }).length)
  })
})
