import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { ImageReportSchema } from '../../src/report/types.js'
import { makeBaseImages, repoRoot } from '../helpers/engine.js'
import { world } from '../helpers/world.js'
import { describeWhen } from '../helpers/buildx.js'
import { ociLayout, tarOf } from '../helpers/layout.js'

/**
 * The command line as a user runs it: the bundled CLI in a process of its own,
 * against images built on the engine and archives docker save wrote.
 */
let work: string
let cli: string

interface Run {
  status: number
  stdout: string
  stderr: string
}

function sizegate(...args: string[]): Run {
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: work })
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr }
}

function buildImage(tag: string, dockerfile: string, files: Record<string, Buffer>): string {
  const context = path.join(work, tag.replace(/[^a-z0-9]/g, '-'))
  mkdirSync(context, { recursive: true })
  writeFileSync(path.join(context, 'Dockerfile'), dockerfile)
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(context, name)), { recursive: true })
    writeFileSync(path.join(context, name), body)
  }
  execFileSync('docker', ['build', '--network', 'none', '-q', '-t', tag, context], {
    env: { ...process.env, DOCKER_BUILDKIT: '1' },
    stdio: ['ignore', 'ignore', 'inherit']
  })
  return context
}

// Incompressible, so that sizes compressed and not are near each other.
const noise = (bytes: number): Buffer => randomBytes(bytes)

const BASE_DOCKERFILE = [
  'FROM debian:12-slim',
  'COPY data.bin /data/data.bin',
  'USER 65534',
  ''
].join('\n')
const HEAD_DOCKERFILE = [
  'FROM debian:12-slim',
  'COPY data.bin /data/data.bin',
  'COPY modules/ /app/node_modules/',
  ''
].join('\n')
let headContext: string

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'sizegate-cli-'))
  execFileSync(
    path.join(repoRoot, 'node_modules', '.bin', 'ncc'),
    ['build', 'src/cli.ts', '-o', path.join(work, 'cli'), '-q'],
    {
      cwd: repoRoot,
      stdio: 'inherit'
    }
  )
  cli = path.join(work, 'cli', 'index.js')
  makeBaseImages('debian:12-slim')
  const data = noise(1_000_000)
  buildImage('sizegate-cli-app:base', BASE_DOCKERFILE, { 'data.bin': data })
  headContext = buildImage('sizegate-cli-app:head', HEAD_DOCKERFILE, {
    'data.bin': data,
    'modules/typescript/lib.js': noise(3_000_000),
    'modules/express/index.js': noise(200_000)
  })
  execFileSync('docker', ['save', '-o', path.join(work, 'head.tar'), 'sizegate-cli-app:head'])
}, 180_000)
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('sizegate analyze', () => {
  it('measures an engine image, and prints a report that validates as JSON', () => {
    const run = sizegate('analyze', 'sizegate-cli-app:head', '--json')
    expect(run.status).toBe(0)
    const report = ImageReportSchema.parse(JSON.parse(run.stdout))
    expect(report.target).toBe('sizegate-cli-app')
    // The id the engine knows it by, on either image store.
    expect(report.imageId).toBe(
      execFileSync('docker', ['image', 'inspect', '--format', '{{.Id}}', 'sizegate-cli-app:head'])
        .toString()
        .trim()
    )
    expect(report.imageStore).toBe(world.imageStore)
    expect(report.files.largestFiles).toEqual(
      expect.arrayContaining([
        { path: 'app/node_modules/typescript/lib.js', bytes: 3_000_000, layer: 2 },
        { path: 'data/data.bin', bytes: 1_000_000, layer: 1 },
        { path: 'app/node_modules/express/index.js', bytes: 200_000, layer: 2 }
      ])
    )
  })

  it('measures repo:latest for a name without a tag, as docker run takes it', () => {
    for (const [image, tag] of [
      ['sizegate-cli-app:head', 'sizegate-cli-repo:other'],
      ['sizegate-cli-app:base', 'sizegate-cli-repo:latest']
    ])
      execFileSync('docker', ['tag', image, tag])
    try {
      const run = sizegate('analyze', 'sizegate-cli-repo', '--json')
      expect(run.status).toBe(0)
      const id = (image: string) =>
        execFileSync('docker', ['image', 'inspect', '--format', '{{.Id}}', image]).toString().trim()
      expect(JSON.parse(run.stdout).imageId).toBe(id('sizegate-cli-repo:latest'))
    } finally {
      execFileSync('docker', ['rmi', 'sizegate-cli-repo:other', 'sizegate-cli-repo:latest'])
    }
  })

  it("reads docker save's archive, with the Dockerfile's lines and hints", () => {
    const dockerfile = path.join(headContext, 'Dockerfile')
    const run = sizegate('analyze', path.join(work, 'head.tar'), '--file', dockerfile)
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/^head linux\/amd64\n/)
    expect(run.stdout).toMatch(/Largest layers \(\d+ of \d+\)/)
    expect(run.stdout).toMatch(
      /3\.2 MB +3\.2 MB +\S*Dockerfile:3 +COPY modules\/ \/app\/node_modules\//
    )
    expect(run.stdout).toContain('/app/node_modules/typescript/lib.js')
    // The head image dropped its USER: the hint names the line.
    expect(run.stdout).toMatch(/\nHints\n {2}- \S*Dockerfile:\d+: .*root/)
    expect(run.stderr).toBe('')
  })

  it("warns that another project's Dockerfile cannot have built the image, and puts no layer on its lines", () => {
    const other = path.join(work, 'go.Dockerfile')
    writeFileSync(
      other,
      'FROM golang:1.23 AS build\nRUN go build -o /out/app\nFROM scratch\nCOPY --from=build /out/app /app\n'
    )
    const run = sizegate('analyze', path.join(work, 'head.tar'), '--file', other, '--json')
    expect(run.status).toBe(0)
    expect(run.stderr).toMatch(/^warning: go\.Dockerfile cannot have built head: /)
    const report = ImageReportSchema.parse(JSON.parse(run.stdout))
    expect(report.layers.map(layer => layer.line)).toEqual(report.layers.map(() => 0))
    expect(report.hints).toEqual([])
  })

  it('reads an archive gzipped whole, as `docker save | gzip` writes it', () => {
    const plain = path.join(work, 'head.tar')
    writeFileSync(`${plain}.gz`, gzipSync(readFileSync(plain)))
    const [fromPlain, fromGzip] = [plain, `${plain}.gz`].map(file => {
      const run = sizegate('analyze', file, '--json')
      expect(run.status).toBe(0)
      return ImageReportSchema.parse(JSON.parse(run.stdout))
    })
    expect(fromGzip.target).toBe('head')
    expect(fromGzip.files).toEqual(fromPlain.files)
    expect(fromGzip.compressedBytes).toBe(fromPlain.compressedBytes)
  })

  it('reads an archive from standard input, gzipped or not: docker save IMAGE | sizegate analyze -', () => {
    const plain = readFileSync(path.join(work, 'head.tar'))
    const fromFile = JSON.parse(sizegate('analyze', path.join(work, 'head.tar'), '--json').stdout)
    for (const input of [plain, gzipSync(plain)]) {
      const run = spawnSync(process.execPath, [cli, 'analyze', '-', '--json'], {
        cwd: work,
        input,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024
      })
      expect(run.status).toBe(0)
      const report = ImageReportSchema.parse(JSON.parse(run.stdout))
      expect(report.files).toEqual(fromFile.files)
      expect(report.compressedBytes).toBe(fromFile.compressedBytes)
    }
  })

  it("takes an archive whose first entry's name starts with { for an archive, not a report", async () => {
    const file = path.join(work, 'brace.tar')
    writeFileSync(file, await tarOf([['{"schema": 1}', Buffer.from('{}')]]))
    const run = sizegate('analyze', file)
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/^sizegate: \S*brace\.tar is not an image archive: /)
  })

  it('shows control characters from an archive escaped, never to the terminal as they are', async () => {
    const file = path.join(work, 'escape.tar')
    const manifest = [{ Config: 'c.json', Layers: ['\u001b[31mred\u0007/layer.tar'] }]
    writeFileSync(
      file,
      await tarOf([
        ['c.json', Buffer.from('{}')],
        ['manifest.json', Buffer.from(JSON.stringify(manifest))]
      ])
    )
    const run = sizegate('analyze', file)
    expect(run.status).toBe(2)
    expect([...run.stderr].filter(char => char < ' ' && char !== '\n')).toEqual([])
    expect(run.stderr).toContain('\\x1b[31mred\\x07/layer.tar')
  })

  it('keeps JSON valid and the terminal safe whatever an archive names its files', async () => {
    const layer = await tarOf([['evil\u001b[2J\u009b31m\u007f.bin', Buffer.alloc(100)]])
    const stored = {
      blob: gzipSync(layer),
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip'
    }
    const file = path.join(work, 'names.tar')
    writeFileSync(file, await ociLayout(layer, stored, 'COPY evil /'))
    const json = sizegate('analyze', file, '--json')
    expect(json.status).toBe(0)
    const report = ImageReportSchema.parse(JSON.parse(json.stdout))
    expect(report.files.largestFiles[0].path).toBe('evil\u001b[2J\u009b31m\u007f.bin')
    const text = sizegate('analyze', file)
    expect(text.status).toBe(0)
    expect(
      [...text.stdout].filter(
        char => (char < ' ' && char !== '\n') || (char >= '\u007f' && char <= '\u009f')
      )
    ).toEqual([])
    expect(text.stdout).toContain('evil\\x1b[2J\\x9b31m\\x7f.bin')
  })

  it('prints markdown as the job summary has it', () => {
    const run = sizegate('analyze', 'sizegate-cli-app:base', '--markdown')
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('| sizegate-cli-app |')
  })

  it('shows progress on a terminal only', () => {
    const archive = path.join(work, 'head.tar')
    // script(1) runs it under a pseudo terminal, as a user's shell would.
    const onTerminal = spawnSync(
      'script',
      ['-qec', `"${process.execPath}" "${cli}" analyze "${archive}"`, '/dev/null'],
      { encoding: 'utf8', cwd: work }
    )
    expect(onTerminal.status).toBe(0)
    expect(onTerminal.stdout).toMatch(
      /Reading \[.*\] +\d+% \| [\d.]+ [kMG]?B of [\d.]+ [kMG]?B \| [\d.]+ [kMG]?B\/s/
    )
    const piped = sizegate('analyze', archive)
    expect(piped.stdout + piped.stderr).not.toContain('Reading')
  })
})

describe('sizegate diff', () => {
  it('says what grew, and exits 1 when a limit is crossed', () => {
    const run = sizegate(
      'diff',
      'sizegate-cli-app:base',
      'sizegate-cli-app:head',
      '--max-increase',
      '10%'
    )
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(
      /sizegate-cli-app: [\d.]+ MB → [\d.]+ MB \(\+[\d.]+ MB \(\+\d+\.\d%\)\) compressed/
    )
    expect(run.stdout).toMatch(/\/app\/node_modules\/typescript\/lib\.js +\+3\.0 MB \(new\)/)
    expect(run.stdout).toContain('FAIL: sizegate-cli-app grew by')
  })

  it('compares report files, and exits 0 within the limits', () => {
    const baseReport = path.join(work, 'base.json')
    writeFileSync(baseReport, sizegate('analyze', 'sizegate-cli-app:base', '--json').stdout)
    const run = sizegate(
      'diff',
      baseReport,
      path.join(work, 'head.tar'),
      '--max-size',
      '1GB',
      '--json'
    )
    expect(run.status).toBe(0)
    const result = JSON.parse(run.stdout) as { verdicts: { exceeded: boolean; sentence: string }[] }
    expect(result.verdicts).toMatchObject([{ exceeded: false }])
    expect(result.verdicts[0].sentence).toContain('within the max-size of 1.0 GB')
  })

  it('prints the pull-request comment as markdown', () => {
    const run = sizegate('diff', 'sizegate-cli-app:base', 'sizegate-cli-app:head', '--markdown')
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/\| sizegate-cli-app \| [\d.]+ MB \| [\d.]+ MB \| \+3\.2 MB/)
    expect(run.stdout).toContain('typescript/lib.js</code> +3.0 MB (new)')
    expect(run.stdout).toContain('Baseline: <code>sizegate-cli-app:base</code>')
  })
})

describe("the README's CLI section and docs/cli.md", () => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8')
  const start = readme.indexOf('\n## The CLI\n')
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1))
  const page = readFileSync(path.join(repoRoot, 'docs', 'cli.md'), 'utf8')

  it('use only commands and flags that --help lists', () => {
    const uses = [section, page].flatMap(text => [
      ...text.matchAll(/^sizegate (\w+)(.*)$/gm),
      ...text.matchAll(/^- `(\w+) ([^`]*)`/gm)
    ])
    expect(uses.length).toBeGreaterThan(10)
    for (const [, command, rest] of uses) {
      const help = sizegate(command, '--help')
      expect(help.status).toBe(0)
      for (const [flag] of rest.replace(/#.*$/, '').matchAll(/(?<=^|[\s[])--?[a-z][\w-]*/g))
        expect({ command, flag, listed: help.stdout.includes(flag) }).toEqual({
          command,
          flag,
          listed: true
        })
    }
  })
})

describe('bad arguments and faults', () => {
  it.each([
    [['analyze'], /missing required argument 'image'/],
    [['diff', 'a'], /missing required argument 'head'/],
    [['diff', 'a', 'b', '--max-increase', 'lots'], /--max-increase <limit>.*lots.*invalid/],
    [['diff', 'a', 'b', '--max-increase', '10'], /has no unit on 10; .* like 10% or 10MB/],
    [['diff', 'a', 'b', '--max-size', '150'], /"150" has no unit; .* like 150MB or 150MiB/],
    [['analyze', 'x', '--json', '--markdown'], /cannot be used with option '--markdown'/],
    [['frobnicate'], /unknown command 'frobnicate'/]
  ])('%j: one line, exit code 2', (args, said) => {
    const run = sizegate(...args)
    expect(run.status).toBe(2)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stderr).toMatch(said)
    expect(run.stdout).toBe('')
  })

  it("keeps commander's suggestion for a mistyped command", () => {
    const run = sizegate('analize', 'x')
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/unknown command 'analize'\n\(Did you mean analyze\?\)/)
  })

  it('says what is wrong with an image that is not there, with exit code 2', () => {
    const run = sizegate('analyze', 'sizegate-cli-no-such-image:1')
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(
      /^sizegate: sizegate-cli-no-such-image:1 is neither a file nor an image of the engine/
    )
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
  })

  it.each([[[]], [['analyze']], [['diff']], [['build']]])('--help on %j', args => {
    const run = sizegate(...args, '--help')
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/^Usage: sizegate/)
  })
})

describe('sizegate build', () => {
  it('resolves, builds and measures a local Dockerfile, its log on stderr', () => {
    const run = sizegate('build', headContext, '--network', 'none', '--json')
    expect(run.status).toBe(0)
    const report = ImageReportSchema.parse(JSON.parse(run.stdout))
    expect(report.layers.some(layer => layer.source === 'COPY modules/ /app/node_modules/')).toBe(
      true
    )
    expect(run.stderr).not.toMatch(/^::/m)
  })

  it.each([
    [['--target', 'nope'], /^sizegate: --target: no stage "nope" in .*Dockerfile; /],
    [['-f', 'Dockerfile.prod'], /^sizegate: --file: "Dockerfile.prod" is not a file; expected/],
    [[], /^sizegate: --file: ".*Dockerfile" is not a file; expected a Dockerfile/]
  ])('%j: names the flag, not the action input, in one line', (args, said) => {
    const context = args.length > 0 ? headContext : work
    const run = sizegate('build', context, ...args)
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(said)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
  })

  it("ends a failed build with the builder's own error lines", () => {
    const context = mkdtempSync(path.join(work, 'broken-'))
    writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nCOPY missing.txt /\n')
    const run = sizegate('build', context, '--network', 'none')
    expect(run.status).toBe(2)
    const lines = run.stderr.slice(run.stderr.indexOf('sizegate: ')).trim().split('\n')
    expect(lines[0]).toMatch(/^sizegate: Build of target "\S+" failed \(exit code \d+\):$/)
    expect(lines.slice(1).join('\n')).toContain('missing.txt')
  })

  it('refuses a build arg that is no NAME=VALUE', () => {
    const run = sizegate('build', headContext, '--build-arg', '=x')
    expect(run.status).toBe(2)
    expect(run.stderr).toContain('--build-arg: "=x" is not a build arg')
  })
})

/** An OCI layout as engines with the containerd store write it, its one layer compressed with zstd. */
function zstdLayout(layerTar: Buffer): Promise<Buffer> {
  const blob = execFileSync('zstd', ['-q', '-c'], { input: layerTar, maxBuffer: 64 * 1024 * 1024 })
  const stored = { blob, mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd' }
  return ociLayout(layerTar, stored, 'COPY big.bin / # buildkit')
}

const noZstd =
  spawnSync('zstd', ['--version']).status === 0
    ? undefined
    : 'no zstd command to write a zstd layer with (apt-get install zstd)'

describeWhen(noZstd)('an OCI layout with zstd layers', () => {
  it("is measured at its blobs' own sizes", async () => {
    const layout = await zstdLayout(await tarOf([['big.bin', noise(2_000_000)]]))
    const file = path.join(work, 'zstd-layout.tar')
    writeFileSync(file, layout)
    const run = sizegate('analyze', file, '--json')
    expect(run.status).toBe(0)
    const report = ImageReportSchema.parse(JSON.parse(run.stdout))
    expect(report.compressedSource).toBe('archive')
    expect(report.files.largestFiles).toMatchObject([{ path: 'big.bin', bytes: 2_000_000 }])
    expect(readFileSync(file).length).toBeGreaterThan(report.compressedBytes)
  })
})
