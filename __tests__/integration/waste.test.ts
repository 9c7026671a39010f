import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import type { ImageReport } from '../../src/report/types.js'
import { runAction } from '../helpers/action.js'
import { docker, makeBaseImages } from '../helpers/engine.js'
import { intoEngine } from '../helpers/world.js'

/**
 * An image whose Dockerfile copies a file, chmods it, moves it, deletes a folder
 * of two and copies one of them back: wasted bytes, efficiency and user wasted
 * percent by dive's definitions, worked out by hand below.
 */
const BIG = 4_000_000
const SMALL = 100_000
const dockerfile = [
  'FROM debian:12-slim',
  'COPY big.bin /data/big.bin', // 2: data/big.bin 4,000,000
  'RUN chmod 600 /data/big.bin', // 3: the whole file again
  'RUN mv /data/big.bin /big.bin', // 4: big.bin, and the whiteout of data/big.bin
  'COPY pair/ /data/pair/', // 5: data/pair/a and b, 100,000 each
  'RUN rm -rf /data/pair', // 6: the whiteout of the folder data/pair
  'COPY pair/a /data/pair/a', // 7: data/pair/a again
  'USER 65534',
  ''
].join('\n')
let context: string
let report: ImageReport

beforeAll(async () => {
  makeBaseImages('debian:12-slim')
  context = mkdtempSync(path.join(tmpdir(), 'sizegate-waste-'))
  mkdirSync(path.join(context, 'pair'))
  writeFileSync(path.join(context, 'big.bin'), Buffer.alloc(BIG, 1))
  writeFileSync(path.join(context, 'pair', 'a'), Buffer.alloc(SMALL, 2))
  writeFileSync(path.join(context, 'pair', 'b'), Buffer.alloc(SMALL, 3))
  writeFileSync(path.join(context, 'Dockerfile'), dockerfile)
  // The test runs the image: it must be in the engine.
  const run = await runAction(
    { context: '.', network: 'none', ...intoEngine },
    { GITHUB_WORKSPACE: context }
  )
  expect(run.exitCode).toBe(0)
  report = run.reports[0]
})
afterAll(() => rmSync(context, { recursive: true, force: true }))

/** Regular files over `floor` bytes inside the image, as find and stat see them. */
async function filesInside(image: string, floor: number): Promise<[string, number][]> {
  const listing = await docker(
    'run',
    '--rm',
    '--network',
    'none',
    image,
    'sh',
    '-c',
    `find / -xdev -type f -size +${Math.floor(floor / 1024)}k -exec stat -c '%s %n' {} +`
  )
  return listing
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [size, ...name] = line.split(' ')
      return [name.join(' ').replace(/^\//, ''), Number(size)] as [string, number]
    })
    .filter(([, size]) => size > floor)
    .sort()
}

describe('wasted bytes, on the real engine', () => {
  it('equals the figures worked out by hand', async () => {
    // data/big.bin: 4,000,000 (COPY) + 4,000,000 (chmod) + 0 (a file's whiteout) = 8,000,000
    // data/pair/a:  100,000 (COPY) + 100,000 (COPY again)                        =   200,000
    // data/pair:    0 (the folder COPY wrote) + 200,000 (its whiteout: what it held) = 200,000
    // (dive visits only leaf folders and leaves this last one out: the bytes ship all the same.)
    // Each once, so not wasted: big.bin, data/pair/b.
    expect(report.wastedBytes).toBe(2 * BIG + 4 * SMALL)
    // The base image's files are each counted once: their bytes, as find sees them.
    const base = (await filesInside('debian:12-slim', 0)).reduce((sum, [, size]) => sum + size, 0)
    const smallest = base + 0 + BIG + SMALL + SMALL + 0
    const all = base + 2 * BIG + BIG + 2 * SMALL + SMALL + 2 * SMALL
    expect(report.efficiency).toBeCloseTo(smallest / all, 3)
    // User bytes: every layer but the first (the base image has one).
    expect(report.layers.filter(layer => layer.instruction === 'FROM')).toHaveLength(1)
    const user = BIG + BIG + BIG + 2 * SMALL + 0 + SMALL
    expect(report.userWastedPercent).toBeCloseTo((2 * BIG + 4 * SMALL) / user, 3)
  })

  it("lists the image's largest files as find -size finds them", async () => {
    const floor = 50_000
    const found = await filesInside(report.imageId, floor)
    const listed = report.files.largestFiles
      .filter(file => file.bytes > floor)
      .map(file => [file.path, file.bytes] as [string, number])
      .sort()
    expect(listed.length).toBeLessThan(50)
    expect(listed).toEqual(found)
    expect(listed).toContainEqual(['big.bin', BIG])
  })

  it('tells the chmod and the move on their own lines', () => {
    const rules = report.hints.map(hint => [hint.rule, hint.line, hint.bytes])
    expect(rules).toContainEqual(['wasted-bytes', 3, BIG])
    expect(rules).toContainEqual(['wasted-bytes', 2, BIG])
  })
})
