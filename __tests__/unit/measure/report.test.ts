import { describe, expect, it } from '@jest/globals'
import type { BuildResult } from '../../../src/buildx/run.js'
import { parseDockerfile } from '../../../src/dockerfile/model.js'
import { resolveTargets } from '../../../src/dockerfile/resolve.js'
import type { ImageMeasurement } from '../../../src/image/measure.js'
import { type BuiltFrom, measuredReport, reportContext } from '../../../src/measure/report.js'
import { imageIdentity } from '../../../src/report/identity.js'
import { ImageReportSchema } from '../../../src/report/types.js'
import { layer } from '../../helpers/reports.js'

const DOCKERFILE = `FROM node:20-slim
WORKDIR /app
COPY . .
RUN npm ci && npm run build
CMD ["node", "dist/server.js"]
`

const MB = 1_000_000

/** What image/ would read of the image that Dockerfile made: npm's cache left in its RUN layer. */
function measurement(): ImageMeasurement {
  const layers = [
    layer(1, '', 70 * MB),
    layer(2, 'WORKDIR /app', 0),
    layer(3, 'COPY . . # buildkit', 2 * MB),
    layer(4, 'RUN /bin/sh -c npm ci && npm run build # buildkit', 60 * MB)
  ].map(item => ({ ...item, stage: 'stage-0' }))
  return {
    platform: 'linux/amd64',
    imageId: `sha256:${'a'.repeat(64)}`,
    compressedBytes: 50 * MB,
    compressedSource: 'gzip-estimate',
    estimatedBytes: 50 * MB,
    uncompressedBytes: 132 * MB,
    layers,
    madeByDockerfile: true,
    userWastedPercent: 0,
    files: { fileCount: 4000, largestFiles: [], folders: [], floor: 65536 },
    caches: [{ path: 'root/.npm', bytes: 20 * MB, layer: 3 }],
    wastedBytes: 0,
    efficiency: 1,
    hidden: [],
    packages: []
  }
}

const build: BuildResult = {
  target: 'app',
  imageId: `sha256:${'a'.repeat(64)}`,
  durationMs: 1000,
  builder: 'docker',
  ghaCache: false,
  cachedSteps: 0,
  totalSteps: 4
}

function builtFrom(hasDockerignore: boolean): BuiltFrom {
  const model = parseDockerfile(DOCKERFILE, { buildArgs: new Map(), predefined: new Map() })
  const [target] = resolveTargets(model, [], 'Dockerfile').targets
  return { file: '/work/Dockerfile', target, hasDockerignore }
}

const identity = imageIdentity({
  dockerfile: 'Dockerfile',
  context: '.',
  target: 'app',
  platform: 'linux/amd64',
  buildArgs: {}
})

const reportOf = (dockerfile: BuiltFrom | undefined, measured = measurement()) =>
  measuredReport(
    { identity, build, measured, dockerfile },
    reportContext({ dockerfile: 'Dockerfile', now: new Date('2026-12-01T00:00:00Z') })
  )

describe('measuredReport: the one place a measurement becomes a report', () => {
  it('makes a report the schema accepts, with the hints and fixes its Dockerfile gives', () => {
    const made = reportOf(builtFrom(true))
    expect(ImageReportSchema.parse(made.report)).toEqual(made.report)
    expect(made.report).toMatchObject({
      target: 'app',
      compressedBytes: 50 * MB,
      layers: [{}, {}, {}, {}]
    })
    expect(made.report.hints.map(hint => hint.line)).toContain(4)
    expect(made.report.hints.find(hint => hint.line === 4)?.message).toContain('/root/.npm')
    // The fixes edit the text the build read, not the file as it is now.
    expect(made.fixes?.text).toBe(DOCKERFILE)
    expect(made.dockerfile).toEqual({ file: '/work/Dockerfile', target: builtFrom(true).target })
  })

  it('says a whole-context COPY ships what .dockerignore would keep out, only where there is none', () => {
    const copyHint = (hasDockerignore: boolean) =>
      reportOf(builtFrom(hasDockerignore)).report.hints.some(hint =>
        hint.message.includes('.dockerignore')
      )
    expect(copyHint(false)).toBe(true)
    expect(copyHint(true)).toBe(false)
  })

  it('draws nothing from a Dockerfile that cannot have made the image, nor from none', () => {
    const other = reportOf(builtFrom(false), { ...measurement(), madeByDockerfile: false })
    expect(other.report.hints).toEqual([])
    expect(other.fixes).toBeUndefined()
    expect(reportOf(undefined).report.hints).toEqual([])
  })
})
