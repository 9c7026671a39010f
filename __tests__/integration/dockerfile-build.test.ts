import { beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { promisify } from 'node:util'
import type { ImageReport } from '../../src/report/types.js'
import { runAction } from '../helpers/action.js'
import { buildxVersion } from '../helpers/buildx.js'
import { docker, fixtures, makeBaseImages, repoRoot } from '../helpers/engine.js'
import { expectMeasuredLikeTheEngine } from '../helpers/measured.js'
import { intoEngine, unpushedSource, world } from '../helpers/world.js'

const MIB20 = 20 * 1024 * 1024
const workspace = { GITHUB_WORKSPACE: fixtures }
// The engine's own numbers are compared: the image must be there.
const onEngine = { network: 'none', ...intoEngine }

function lineOf(file: string, text: string): number {
  return readFileSync(path.join(fixtures, file), 'utf8').split('\n').indexOf(text) + 1
}

const paths = (report: ImageReport) => report.files.largestFiles.map(file => file.path)

beforeAll(() => {
  makeBaseImages('node:20-slim', 'python:3.12-slim', 'golang:1.23', 'debian:12-slim')
})

describe('a Node service: builder leftovers stay out, a copied file shows on its line', () => {
  let before: ImageReport
  let after: ImageReport

  beforeAll(async () => {
    const base = await runAction({ context: 'node', ...onEngine }, workspace)
    expect(base.exitCode).toBe(0)
    before = base.reports[0]
    const regression = await runAction(
      { context: 'node', file: 'node/Dockerfile.regression', ...onEngine },
      workspace
    )
    expect(regression.exitCode).toBe(0)
    after = regression.reports[0]
  })

  it('measures what the engine measures', async () => {
    await expectMeasuredLikeTheEngine(before)
    await expectMeasuredLikeTheEngine(after)
  })

  it('keeps the 20 MB files of the builder stage out of the final image', () => {
    expect(before.target).toBe('production')
    expect(before.uncompressedBytes).toBeLessThan(MIB20)
    expect(paths(before)).not.toContain('app/build-cache.bin')
    expect(paths(before)).not.toContain('app/dist/video.bin')
    expect(before.files.folders.map(dir => dir.path)).toContain('app/node_modules')
  })

  it('shows a 20 MB file copied into the final stage as +20 MB on its line', () => {
    const line = lineOf(
      'node/Dockerfile.regression',
      'COPY --from=builder /app/dist/video.bin ./dist/video.bin'
    )
    const grown = after.uncompressedBytes - before.uncompressedBytes
    expect(grown).toBeGreaterThanOrEqual(MIB20)
    expect(grown).toBeLessThan(MIB20 * 1.01)
    const layer = after.layers.find(candidate => candidate.line === line)
    expect(layer).toMatchObject({
      stage: 'production',
      instruction: 'COPY',
      uncompressedBytes: MIB20
    })
    expect(layer?.compressedBytes).toBeGreaterThan(MIB20)
    expect(paths(after)[0]).toBe('app/dist/video.bin')
    expect(paths(after)).not.toContain('app/build-cache.bin')
  })

  it('attributes every layer to its Dockerfile line, base layers to FROM', () => {
    const dockerfile = 'node/Dockerfile'
    expect(before.dockerfile).toBe(dockerfile)
    expect(before.layers.map(layer => [layer.line, layer.instruction])).toEqual([
      [lineOf(dockerfile, 'FROM node:${NODE_VERSION}-slim AS production'), 'FROM'],
      [lineOf(dockerfile, 'FROM node:${NODE_VERSION}-slim AS production') + 1, 'WORKDIR'],
      [lineOf(dockerfile, 'COPY --from=deps /app/node_modules ./node_modules'), 'COPY'],
      [lineOf(dockerfile, 'COPY --from=builder /app/dist/server.js ./dist/server.js'), 'COPY']
    ])
  })

  it('writes the report contract, outputs and a job summary', async () => {
    const again = await runAction({ context: 'node', ...onEngine }, workspace)
    const imageId = again.reports[0].imageId
    expect(again.outputs['image-id']).toBe(imageId)
    // The id the engine runs and inspects, on either image store.
    expect(await docker('image', 'inspect', '--format', '{{.Id}}', imageId)).toBe(imageId)
    // A cached rebuild is the same image. On the containerd store its id names an
    // index whose provenance attestation changes with every build; its layers do not.
    if (world.imageStore === 'classic') expect(imageId).toBe(before.imageId)
    expect(again.reports[0].layers.map(layer => layer.digest)).toEqual(
      before.layers.map(layer => layer.digest)
    )
    expect(Number(again.outputs.size)).toBe(before.uncompressedBytes)
    expect(Number(again.outputs['compressed-size'])).toBe(again.reports[0].compressedBytes)
    expect(JSON.parse(again.outputs.images)).toMatchObject({
      production: { 'image-id': imageId }
    })
    // build-push-action's names and shapes, of the first image.
    expect(again.outputs.imageid).toBe(imageId)
    expect(path.basename(again.outputs.report)).toBe('production.sizegate.json')
    if (again.reports[0].build.builder === 'buildx')
      expect(JSON.parse(again.outputs.metadata)).toEqual(
        expect.objectContaining({ 'containerimage.digest': expect.stringMatching(/^sha256:/) })
      )
    else expect(again.outputs.metadata).toBe('')
    expect(again.reports[0]).toMatchObject({
      schema: 2,
      tool: { name: 'sizegate' },
      target: 'production',
      platform: expect.stringMatching(/^linux\//),
      compressedSource: unpushedSource,
      // Whatever this machine has: buildx's docker driver, else the engine's BuildKit.
      build: { builder: buildxVersion() ? 'buildx' : 'docker', ghaCache: false }
    })
    expect(again.reports[0].build.cachedSteps).toBe(again.reports[0].build.totalSteps)
    expect(again.summary).toContain('| production | ')
    expect(again.summary).toContain('node/Dockerfile:')
    // The Dockerfile's own words, as the comment and the terminal show them, not BuildKit's.
    expect(again.summary).toContain('COPY --from=deps /app/node&#95;modules ./node&#95;modules')
  })
})

describe('a Python service: FROM ${ARG}, build args through argv, secrets masked', () => {
  let result: Awaited<ReturnType<typeof runAction>>
  const greeting = `a=b, "quoted words" and 'single' $HOME`

  beforeAll(async () => {
    result = await runAction(
      {
        context: 'python',
        ...onEngine,
        'build-args': `PYTHON_IMAGE=python:3.12-slim\nGREETING=${greeting}\nNPM_TOKEN=s3cr3t-value\nUNUSED=1`
      },
      workspace
    )
  })

  it('builds on the image the build arg names and measures it like the engine', async () => {
    expect(result.exitCode).toBe(0)
    const [report] = result.reports
    expect(report.target).toBe('default')
    await expectMeasuredLikeTheEngine(report)
    const base = await docker('image', 'inspect', '--format', '{{.Id}}', 'python:3.12-slim')
    const baseLayers = JSON.parse(
      await docker('image', 'inspect', '--format', '{{json .RootFS.Layers}}', base)
    ) as string[]
    expect(report.layers.slice(0, baseLayers.length).map(layer => layer.digest)).toEqual(baseLayers)
    expect(report.layers[0]).toMatchObject({
      line: lineOf('python/Dockerfile', 'FROM ${PYTHON_IMAGE}'),
      instruction: 'FROM'
    })
  })

  it('passes values with =, commas, quotes, spaces and $ unchanged', async () => {
    const written = await docker(
      'run',
      '--rm',
      '--network',
      'none',
      result.reports[0].imageId,
      'cat',
      '/greeting.txt'
    )
    expect(written).toBe(greeting)
  })

  it('masks secret-looking args, warns, and redacts them in the report', () => {
    expect(result.log).toContain('::add-mask::s3cr3t-value')
    expect(result.log).toContain('NPM_TOKEN looks secret')
    expect(result.log).toContain('::warning::build-args: UNUSED is not declared by any ARG')
    expect(result.reports[0].buildArgs).toMatchObject({ NPM_TOKEN: '***', GREETING: greeting })
    expect(JSON.stringify(result.reports[0])).not.toContain('s3cr3t-value')
  })
})

describe('a Go service on scratch: a target that is not the last stage', () => {
  it('builds only the target, with its single layer on the COPY line', async () => {
    const result = await runAction({ context: 'go', targets: 'runtime', ...onEngine }, workspace)
    expect(result.exitCode).toBe(0)
    const [report] = result.reports
    expect(report.target).toBe('runtime')
    await expectMeasuredLikeTheEngine(report)
    expect(report.layers).toEqual([
      expect.objectContaining({
        line: lineOf('go/Dockerfile', 'COPY --from=build /out/app /app'),
        stage: 'runtime',
        uncompressedBytes: 5000 * 1024
      })
    ])
    expect(paths(report)).toEqual(['app'])
  })

  it('builds and reports several targets, each with its own cache scope', async () => {
    const result = await runAction(
      { context: 'go', targets: 'runtime\ndebug', network: 'none' },
      workspace
    )
    expect(result.exitCode).toBe(0)
    expect(result.reports.map(report => report.target)).toEqual(['runtime', 'debug'])
    const debug = result.reports[1]
    expect(debug.layers.at(-1)).toMatchObject({
      stage: 'debug',
      line: lineOf(
        'go/Dockerfile',
        'RUN dd if=/dev/urandom of=/usr/local/bin/dlv bs=1k count=3000 2>/dev/null'
      )
    })
    expect(Object.keys(JSON.parse(result.outputs.images))).toEqual(['runtime', 'debug'])
  })

  it("builds build-push-action's one target, as it does", async () => {
    const result = await runAction({ context: 'go', target: 'debug', network: 'none' }, workspace)
    expect(result.exitCode).toBe(0)
    expect(result.reports.map(report => report.target)).toEqual(['debug'])
    expect(result.reports[0].layers.at(-1)?.stage).toBe('debug')
  })
})

describe('hints from the Dockerfile and the measured image', () => {
  it('finds caches left in layers, build tools, a whole-context COPY, root, and wasted bytes on both lines', async () => {
    const result = await runAction({ context: 'debian', network: 'none' }, workspace)
    expect(result.exitCode).toBe(0)
    const [report] = result.reports
    const line = (text: string) => lineOf('debian/Dockerfile', text)
    const install = line('RUN apt-get update && apt-get install -y build-essential curl')
    const download = line('RUN head -c 3000000 /dev/urandom > /tmp/download.tar')
    const removal = line('RUN rm /tmp/download.tar')
    expect(report.hints.map(hint => [hint.rule, hint.line, hint.bytes])).toEqual([
      ['cache-in-image', install, 6_000_000],
      ['cache-in-image', install, 4_000_000],
      // Written by one RUN, deleted by the next: wasted, said on both lines.
      ['wasted-bytes', removal, 3_000_000],
      ['wasted-bytes', download, 3_000_000],
      ['no-install-recommends', install, null],
      ['build-tools', install, null],
      ['copy-whole-context', line('COPY . .'), null],
      ['runs-as-root', line('FROM debian:12-slim'), null]
    ])
    // dive's figures: the 3 MB file twice (written, then its whiteout of 0 bytes).
    expect(report.wastedBytes).toBe(3_000_000)
    expect(report.hints[0].message).toContain('/var/lib/apt/lists ships 6.0 MB')
    expect(result.summary).toContain('**Hints**')
    expect(result.log).toContain(
      `::notice title=sizegate hint for default,file=debian/Dockerfile,line=${install}::/var/lib/apt/lists ships 6.0 MB`
    )
    expect(result.summary).toContain(
      `debian/Dockerfile:${install}: /var/lib/apt/lists ships 6.0 MB`
    )
  })

  it('has nothing to say about a lean multi-stage image', async () => {
    const result = await runAction(
      { context: 'go', targets: 'runtime', network: 'none' },
      workspace
    )
    expect(result.reports[0].hints).toEqual([])
  })
})

describe('failures speak to the user', () => {
  it('an unknown target fails the bundled action with a did-you-mean, no stack trace', async () => {
    const failure = await promisify(execFile)('node', [path.join(repoRoot, 'dist', 'index.js')], {
      env: {
        ...process.env,
        GITHUB_WORKSPACE: fixtures,
        INPUT_CONTEXT: 'node',
        INPUT_TARGETS: 'bulder',
        GITHUB_OUTPUT: '',
        GITHUB_STEP_SUMMARY: ''
      }
    }).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error
    )
    expect(failure?.code).toBe(1)
    expect(failure?.stdout).toContain(
      '::error::targets: no stage "bulder" in node/Dockerfile; did you mean "builder"?'
    )
    expect(failure?.stdout).not.toMatch(/\n\s+at /)
  })

  it("a failing RUN fails the step with the build's own error lines", async () => {
    const result = await runAction(
      {
        context: 'node',
        file: 'node/Dockerfile',
        'build-args': 'NODE_VERSION=does-not-exist',
        network: 'none'
      },
      workspace
    )
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/::error::Build of target "production" failed \(exit code 1\):/)
    expect(result.log).toContain('node:does-not-exist-slim')
    expect(result.log).not.toMatch(/\n\s+at /)
  })

  it('a bad input names the input, the value and what is expected', async () => {
    const result = await runAction({ context: 'node', network: 'bridge0' }, workspace)
    expect(result.exitCode).toBe(1)
    expect(result.log).toContain(
      '::error::network: "bridge0" is not allowed; expected one of default, none, host'
    )
  })
})
