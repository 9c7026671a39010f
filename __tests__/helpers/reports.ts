import { renderComment } from '../../src/report/comment.js'
import type { TargetComparison } from '../../src/report/compare.js'
import type { Verdict } from '../../src/report/gate.js'
import { imageIdentity } from '../../src/report/identity.js'
import type { ImageReport, LayerReport } from '../../src/report/types.js'

export function layer(
  line: number,
  createdBy: string,
  bytes: number,
  stage = 'production'
): LayerReport {
  const instruction = createdBy === '' ? 'FROM' : (/^[A-Z]+/.exec(createdBy)?.[0] ?? 'RUN')
  return {
    digest: `sha256:${String(line).padStart(64, '0')}`,
    blob: null,
    uncompressedBytes: bytes,
    compressedBytes: Math.round(bytes / 3),
    estimatedBytes: Math.round(bytes / 3),
    createdBy,
    line,
    stage,
    instruction,
    source: null,
    folders: []
  }
}

/** A valid report of a small image, for tests of what reads reports. */
export function sampleReport(overrides: Partial<ImageReport> = {}): ImageReport {
  const layers = [
    layer(1, '', 30_000_000),
    layer(2, 'WORKDIR /app', 0),
    layer(3, 'COPY /app/node_modules ./node_modules # buildkit', 9_000_000),
    layer(4, 'COPY /app/dist ./dist # buildkit', 300_000)
  ]
  const compressedBytes = layers.reduce((sum, item) => sum + item.compressedBytes, 0) + 1500
  return {
    schema: 2,
    tool: { name: 'sizegate', version: '0.1.0' },
    commit: 'aaa1111',
    ref: 'refs/heads/main',
    dockerfile: 'Dockerfile',
    target: 'production',
    identity: imageIdentity({
      dockerfile: 'Dockerfile',
      context: '.',
      target: overrides.target ?? 'production',
      platform: 'linux/amd64',
      buildArgs: {}
    }),
    builtWith: [],
    buildArgs: {},
    platform: 'linux/amd64',
    imageId: 'sha256:1234',
    digest: null,
    compressedBytes,
    compressedSource: 'gzip-estimate',
    imageStore: 'classic',
    estimatedBytes: compressedBytes,
    uncompressedBytes: layers.reduce((sum, item) => sum + item.uncompressedBytes, 0),
    layers,
    base: null,
    files: { fileCount: 10, largestFiles: [], folders: [], floor: 65536 },
    userWastedPercent: 0,
    wastedBytes: 0,
    efficiency: 1,
    hints: [],
    buildChecks: [],
    packages: null,
    fixes: null,
    trend: [],
    build: { builder: 'docker', ghaCache: false, durationMs: 1000, cachedSteps: 0, totalSteps: 4 },
    createdAt: '2026-11-28T00:00:00.000Z',
    ...overrides
  }
}

/** The comment of these comparisons (and verdicts) alone: no baseline line or links. */
export function plainComment(comparisons: TargetComparison[], verdicts: Verdict[] = []): string {
  return renderComment({
    marker: 'sizegate:test',
    baseLabel: 'main',
    comparisons,
    verdicts,
    metric: 'compressed',
    baseline: null,
    acceptance: null,
    blobUrl: null,
    now: new Date()
  })
}
