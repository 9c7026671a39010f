import { describe, expect, it } from '@jest/globals'
import { checkBuildArgs, looksSecret, redactBuildArgs } from '../../../src/dockerfile/buildargs.js'
import {
  parseDockerfile,
  platformArgs,
  type DockerfileModel
} from '../../../src/dockerfile/model.js'
import { imagesRead } from '../../../src/dockerfile/images.js'
import { resolveTargets } from '../../../src/dockerfile/resolve.js'
import { substitute } from '../../../src/dockerfile/substitute.js'
import { findHints, type HintFacts } from '../../../src/dockerfile/hints.js'
import { devInstallLines } from '../../../src/dockerfile/shell.js'

function parse(
  content: string,
  buildArgs: Record<string, string> = {},
  targetPlatform = 'linux/amd64'
): DockerfileModel {
  return parseDockerfile(content, {
    buildArgs: new Map(Object.entries(buildArgs)),
    predefined: platformArgs('linux/amd64', targetPlatform)
  })
}

function resolve(content: string, targets: string[] = [], buildArgs: Record<string, string> = {}) {
  return resolveTargets(parse(content, buildArgs), targets, 'Dockerfile')
}

const bases = (model: DockerfileModel) => model.stages.map(stage => stage.base)

describe('Dockerfile model', () => {
  it('1. multi-stage Node build: stages, default target and what it needs', () => {
    const content = [
      'FROM node:20-alpine AS deps',
      'WORKDIR /app',
      'COPY package*.json ./',
      'RUN npm ci --omit=dev',
      'FROM node:20-alpine AS builder',
      'COPY . .',
      'RUN npm run build',
      'FROM node:20-alpine AS production',
      'COPY --from=deps /app/node_modules ./node_modules',
      'COPY --from=builder /app/dist ./dist',
      'CMD ["node", "dist/server.js"]'
    ].join('\n')
    const model = parse(content)
    expect(model.stages.map(stage => [stage.index, stage.name, stage.line])).toEqual([
      [0, 'deps', 1],
      [1, 'builder', 5],
      [2, 'production', 8]
    ])
    const { targets } = resolve(content)
    expect(targets).toHaveLength(1)
    expect(targets[0]).toMatchObject({
      name: 'production',
      buildTarget: undefined,
      needs: [0, 1, 2]
    })
    expect(targets[0].chain.map(stage => stage.name)).toEqual(['production'])
    expect(resolve(content, ['deps']).targets[0]).toMatchObject({ buildTarget: 'deps', needs: [0] })
  })

  it('2. Python build with a virtualenv copied from a builder', () => {
    const content =
      'FROM python:3.12-slim AS build\nRUN pip install --target /install -r requirements.txt\nFROM python:3.12-slim\nCOPY --from=build /install /usr/local/lib/python3.12/site-packages\n'
    const { targets } = resolve(content)
    expect(targets[0]).toMatchObject({ name: 'default', buildTarget: undefined, needs: [0, 1] })
    expect(bases(parse(content))).toEqual([
      { kind: 'image', ref: 'python:3.12-slim' },
      { kind: 'image', ref: 'python:3.12-slim' }
    ])
  })

  it('3. Go build into FROM scratch', () => {
    const content =
      'FROM golang:1.23 AS build\nRUN go build -o /out/app ./cmd/app\nFROM scratch AS runtime\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n'
    const model = parse(content)
    expect(model.stages[1].base).toEqual({ kind: 'image', ref: 'scratch' })
    expect(model.stages[1].uses).toEqual([{ kind: 'stage', index: 0 }])
    expect(resolve(content, ['runtime']).targets[0].needs).toEqual([0, 1])
  })

  it('4. Rust build with cache mounts from another stage', () => {
    const content =
      'FROM rust:1.82 AS chef\nRUN cargo install cargo-chef\nFROM chef AS planner\nRUN cargo chef prepare\nFROM chef AS builder\nRUN --mount=type=cache,from=planner,source=/recipe.json,target=/r cargo build --release\nFROM debian:bookworm-slim\nCOPY --from=builder /target/release/app /usr/local/bin/app\n'
    const model = parse(content)
    expect(model.stages[1].base).toEqual({ kind: 'stage', index: 0 })
    expect(model.stages[2].uses).toEqual([{ kind: 'stage', index: 1 }])
    expect(resolve(content).targets[0].needs).toEqual([0, 1, 2, 3])
  })

  it('5. Java build: the JDK stage is not needed by a JRE target that copies nothing from it', () => {
    const content =
      'FROM maven:3-eclipse-temurin-21 AS build\nRUN mvn package\nFROM eclipse-temurin:21-jre AS runtime\nCOPY --from=build /app/target/app.jar /app.jar\nFROM eclipse-temurin:21-jre AS slim\nCOPY app.jar /app.jar\n'
    expect(resolve(content, ['runtime']).targets[0].needs).toEqual([0, 1])
    expect(resolve(content, ['slim']).targets[0].needs).toEqual([2])
  })

  it('6. FROM ${ARG} with a default, and overridden by a build arg', () => {
    const content =
      'ARG NODE_VERSION=20\nARG BASE=node:${NODE_VERSION}-alpine\nFROM ${BASE}\nRUN true\n'
    expect(parse(content).stages[0].base).toEqual({ kind: 'image', ref: 'node:20-alpine' })
    expect(parse(content, { NODE_VERSION: '22' }).stages[0].base).toEqual({
      kind: 'image',
      ref: 'node:22-alpine'
    })
    expect(parse(content, { BASE: 'node:18' }).stages[0].base).toEqual({
      kind: 'image',
      ref: 'node:18'
    })
    expect(parse(content).globalArgs).toEqual([
      { name: 'NODE_VERSION', defaultValue: '20' },
      { name: 'BASE', defaultValue: 'node:${NODE_VERSION}-alpine' }
    ])
  })

  it('7. ${VAR:-default} forms and an ARG without a default', () => {
    const content =
      'ARG REGISTRY\nARG TAG\nFROM ${REGISTRY:-docker.io}/library/alpine:${TAG:-3.20}\n'
    expect(parse(content).stages[0].base).toEqual({
      kind: 'image',
      ref: 'docker.io/library/alpine:3.20'
    })
    expect(parse(content, { REGISTRY: 'ghcr.io', TAG: 'edge' }).stages[0].base).toEqual({
      kind: 'image',
      ref: 'ghcr.io/library/alpine:edge'
    })
  })

  it('8. a stage built on another stage makes a chain for layer attribution', () => {
    const content =
      'FROM alpine:3.20 AS base\nRUN apk add ca-certificates\nFROM base AS app\nCOPY app /app\nFROM app AS final\nUSER nobody\n'
    const { targets } = resolve(content)
    expect(targets[0].chain.map(stage => stage.name)).toEqual(['base', 'app', 'final'])
    expect(targets[0].needs).toEqual([0, 1, 2])
  })

  it('9. COPY --from=0 refers to a stage by index', () => {
    const content = 'FROM alpine:3.20\nRUN echo > /a\nFROM alpine:3.20\nCOPY --from=0 /a /a\n'
    expect(parse(content).stages[1].uses).toEqual([{ kind: 'stage', index: 0 }])
    expect(() => resolve('FROM alpine\nCOPY --from=3 /a /a\n')).toThrow(
      'Dockerfile:2: COPY --from=3: no stage 3'
    )
  })

  it('10. lowercase "as" and mixed-case stage names match case-insensitively', () => {
    const content =
      'from node:20 as Builder\nrun npm ci\nfrom node:20-slim\ncopy --from=builder /app /app\n'
    const model = parse(content)
    expect(model.stages[0].name).toBe('Builder')
    expect(model.stages[1].uses).toEqual([{ kind: 'stage', index: 0 }])
    expect(resolve(content, ['BUILDER']).targets[0].stage.index).toBe(0)
  })

  it('11. line continuations: instructions keep their first and last lines', () => {
    const content =
      'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl && \\\n    rm -rf /var/lib/apt/lists/*\nCOPY a /a\n'
    const [run, copy] = parse(content).stages[0].instructions
    expect(run).toMatchObject({ keyword: 'RUN', line: 2, endLine: 4 })
    expect(run.text.replace(/\s+/g, ' ')).toBe(
      'apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'
    )
    expect(copy).toMatchObject({ keyword: 'COPY', line: 5 })
  })

  it('12. heredocs span their lines', () => {
    const content =
      'FROM alpine\nRUN <<EOF\napk add curl\nrm -rf /var/cache/apk\nEOF\nCOPY <<CONF /etc/app.conf\nkey=value\nCONF\nRUN echo done\n'
    const instructions = parse(content).stages[0].instructions
    expect(instructions.map(i => [i.keyword, i.line, i.endLine])).toEqual([
      ['RUN', 2, 5],
      ['COPY', 6, 8],
      ['RUN', 9, 9]
    ])
  })

  it('13. the escape directive', () => {
    const content =
      '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022 AS build\nRUN dir `\n    c:\\\nFROM build\nCOPY x c:\\x\n'
    const model = parse(content)
    expect(model.escape).toBe('`')
    expect(model.stages[0].instructions[0]).toMatchObject({ keyword: 'RUN', line: 3, endLine: 4 })
    expect(model.stages[1].base).toEqual({ kind: 'stage', index: 0 })
  })

  it('14. FROM --platform=$BUILDPLATFORM and TARGETARCH in a base name', () => {
    const content =
      'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build\nFROM gcr.io/distroless/static-debian12:nonroot-${TARGETARCH}\nCOPY --from=build /out /app\n'
    const model = parse(content, {}, 'linux/arm64')
    expect(model.stages[0].platformFlag).toBe('$BUILDPLATFORM')
    expect(model.stages[1].base).toEqual({
      kind: 'image',
      ref: 'gcr.io/distroless/static-debian12:nonroot-arm64'
    })
  })

  it('15. an external image in COPY --from is not a stage', () => {
    const content =
      'FROM alpine\nCOPY --from=nginx:1.27 /etc/nginx/nginx.conf /nginx.conf\nCOPY --from=ghcr.io/org/tools /bin/tool /bin/tool\n'
    expect(parse(content).stages[0].uses).toEqual([
      { kind: 'image', ref: 'nginx:1.27' },
      { kind: 'image', ref: 'ghcr.io/org/tools' }
    ])
    expect(resolve(content).targets[0].needs).toEqual([0])
  })

  it('16. COPY --from with a variable', () => {
    const content =
      'ARG FROM_STAGE=assets\nFROM alpine AS assets\nRUN echo\nFROM alpine\nCOPY --from=${FROM_STAGE} /a /a\n'
    expect(parse(content).stages[1].uses).toEqual([{ kind: 'stage', index: 0 }])
  })

  it('17. a Dockerfile without FROM', () => {
    expect(() => resolve('RUN echo\n')).toThrow(
      'file: Dockerfile has no FROM instruction; expected a Dockerfile'
    )
  })
})

describe('target validation', () => {
  const content =
    'FROM node:20 AS builder\nRUN x\nFROM node:20 AS production\nCOPY --from=builder /a /a\n'

  it('suggests the stage a typo meant', () => {
    expect(() => resolve(content, ['bulder'])).toThrow(
      'targets: no stage "bulder" in Dockerfile; did you mean "builder"?'
    )
  })

  it('lists the stages when nothing is close', () => {
    expect(() => resolve(content, ['zzz'])).toThrow(
      'targets: no stage "zzz" in Dockerfile; expected one of: builder, production'
    )
  })

  it('fails on a COPY --from that looks like a typo of a stage', () => {
    const typo = 'FROM node:20 AS builder\nRUN x\nFROM node:20\nCOPY --from=bulder /a /a\n'
    expect(() => resolve(typo)).toThrow(
      'Dockerfile:4: COPY --from=bulder: no stage "bulder"; did you mean "builder"?'
    )
  })

  it('warns when a bare COPY --from name is no stage and will be pulled as an image', () => {
    const image = 'FROM node:20\nCOPY --from=busybox /bin/busybox /bin/busybox\n'
    expect(resolve(image).warnings).toEqual([
      'Dockerfile:2: COPY --from=busybox names no stage; docker will pull it as the image "busybox"'
    ])
  })

  it('ignores typos in stages the target does not need, as docker does', () => {
    const unrelated =
      'FROM node:20 AS builder\nCOPY --from=bulder /a /a\nFROM node:20 AS production\nRUN x\n'
    expect(resolve(unrelated, ['production']).targets[0].needs).toEqual([1])
  })
})

describe('build args', () => {
  const model = parse('ARG NODE_VERSION=20\nFROM node:${NODE_VERSION}\nARG NPM_TOKEN\nRUN npm ci\n')

  it('warns about args no ARG declares, but not predefined ones', () => {
    const check = checkBuildArgs(
      model,
      [
        { name: 'NODE_VERSION', value: '22' },
        { name: 'HTTP_PROXY', value: 'http://proxy' },
        { name: 'UNUSED', value: 'x' }
      ],
      'Dockerfile'
    )
    expect(check.warnings).toEqual([
      'build-args: UNUSED is not declared by any ARG in Dockerfile; the build ignores it'
    ])
    expect(check.secretNames).toEqual([])
  })

  it('flags secret-looking names and points to build secrets', () => {
    const check = checkBuildArgs(model, [{ name: 'NPM_TOKEN', value: 'abc' }], 'Dockerfile')
    expect(check.secretNames).toEqual(['NPM_TOKEN'])
    expect(check.warnings[0]).toContain(
      'NPM_TOKEN looks secret; build args are written into the image history'
    )
    expect(check.warnings[0]).toContain('--mount=type=secret')
  })

  it.each([
    ['NPM_TOKEN', true],
    ['DB_PASSWORD', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['SSH_PRIVATE_KEY', true],
    ['API_KEY', true],
    ['githubtoken', true],
    ['NODE_VERSION', false],
    ['KEYBOARD_LAYOUT', false],
    ['PASSENGER_VERSION', false]
  ])('looksSecret(%s) is %s', (name, secret) => {
    expect(looksSecret(name)).toBe(secret)
  })

  it('redacts secret values in reports', () => {
    expect(
      redactBuildArgs([
        { name: 'NODE_VERSION', value: '20' },
        { name: 'NPM_TOKEN', value: 'abc' }
      ])
    ).toEqual({
      NODE_VERSION: '20',
      NPM_TOKEN: '***'
    })
  })
})

describe('substitute', () => {
  const vars = new Map([
    ['SET', 'value'],
    ['EMPTY', '']
  ])
  it.each([
    ['$SET-x', 'value-x'],
    ['${SET}x', 'valuex'],
    ['${MISSING:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${SET:+alt}', 'alt'],
    ['${MISSING:+alt}', ''],
    ['${MISSING+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['\\$SET', '$SET'],
    ['${MISSING:-${SET}}', 'value'],
    ['cost: $', 'cost: $']
  ])('%s → %s', (text, expected) => {
    expect(substitute(text, vars)).toBe(expected)
  })
})

describe('hints', () => {
  const MB = 1_000_000
  const noMeasures = { caches: [], hidden: [], hasDockerignore: true, devPackages: [] }
  const hintsOf = (content: string, facts: Partial<HintFacts> = {}) => {
    const model = parse(content)
    const [target] = resolveTargets(model, [], 'Dockerfile').targets
    return findHints({ ...noMeasures, chain: target.chain, stages: model.stages, ...facts })
  }
  const rulesOf = (content: string, facts: Partial<HintFacts> = {}) =>
    hintsOf(content, facts).map(hint => hint.rule)
  const node = (...lines: string[]) =>
    ['FROM node:20-slim', 'WORKDIR /app', ...lines, 'USER node', ''].join('\n')

  it('names the dev packages an install keeps, largest first, and counts their bytes', () => {
    const devPackages = [
      { name: 'jest', versions: ['29.7.0'], bytes: 3 * MB, line: 4 },
      { name: 'typescript', versions: ['5.6.3'], bytes: 22 * MB, line: 4 },
      { name: 'left-pad', versions: ['1.3.0'], bytes: 9000, line: 6 }
    ]
    const [hint] = hintsOf(node('COPY package*.json ./', 'RUN npm ci', 'COPY . .'), { devPackages })
    expect(hint).toMatchObject({ rule: 'dev-dependencies', line: 4, bytes: 25 * MB })
    expect(hint.message).toContain('Dropped that way: typescript 5.6.3, jest 29.7.0.')
    // Dev packages of a line the Dockerfile does not explain, under a megabyte: no hint of their own.
    expect(hintsOf(node('COPY . .'), { devPackages: devPackages.slice(2) })).toHaveLength(0)
    const [own] = hintsOf(node('COPY . .'), { devPackages: devPackages.slice(0, 1) })
    expect(own).toMatchObject({ rule: 'dev-dependencies', line: 4, bytes: 3 * MB })
  })

  // Each rule: a Dockerfile that triggers it, and its fixed variant that does not.
  it.each<[string, string, string, Partial<HintFacts>?]>([
    ['full-base-image', 'FROM node:20\nUSER node\n', 'FROM node:20-slim\nUSER node\n'],
    ['full-base-image', 'FROM python:3.11\nUSER nobody\n', 'FROM python:3.11-slim\nUSER nobody\n'],
    [
      'full-base-image',
      'FROM golang:1.23\nRUN go build -o /app .\nUSER 65532\n',
      'FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nUSER 65532\n'
    ],
    [
      'full-base-image',
      'FROM eclipse-temurin:21-jdk\nUSER 1000\n',
      'FROM eclipse-temurin:21-jre\nUSER 1000\n'
    ],
    [
      'dev-dependencies',
      node('COPY package.json ./', 'RUN npm ci'),
      node('COPY package.json ./', 'RUN npm ci --omit=dev'),
      { devPackages: [{ name: 'typescript', versions: ['5.6.3'], bytes: 22 * MB, line: 4 }] }
    ],
    [
      'dev-dependencies',
      'FROM node:20-slim AS build\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nRUN npm run build\nFROM node:20-slim\nCOPY --from=build /app/node_modules ./node_modules\nUSER node\n',
      'FROM node:20-slim AS build\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nRUN npm run build && npm prune --omit=dev\nFROM node:20-slim\nCOPY --from=build /app/node_modules ./node_modules\nUSER node\n',
      { devPackages: [{ name: 'typescript', versions: ['5.6.3'], bytes: 22 * MB, line: 7 }] }
    ],
    [
      'install-after-copy',
      node('COPY . .', 'RUN npm ci --omit=dev'),
      node('COPY package.json package-lock.json ./', 'RUN npm ci --omit=dev', 'COPY . .')
    ],
    [
      'no-install-recommends',
      'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nUSER nobody\n',
      'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nUSER nobody\n'
    ],
    [
      'build-tools',
      'FROM debian:12-slim\nRUN apt-get install -y --no-install-recommends gcc libpq-dev\nUSER nobody\n',
      'FROM debian:12-slim AS build\nRUN apt-get install -y --no-install-recommends gcc libpq-dev\nFROM debian:12-slim\nCOPY --from=build /out /app\nUSER nobody\n'
    ],
    ['copy-whole-context', node('COPY . .'), node('COPY . .'), { hasDockerignore: false }],
    [
      'runs-as-root',
      'FROM node:20-slim\nCMD ["node"]\n',
      'FROM node:20-slim\nUSER node\nCMD ["node"]\n'
    ],
    [
      'runs-as-root',
      'FROM node:20-slim\nUSER node\nUSER root\n',
      'FROM gcr.io/distroless/nodejs20-debian12:nonroot\n'
    ],
    [
      'cache-in-image',
      'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nUSER nobody\n',
      'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nUSER nobody\n',
      { caches: [{ path: 'var/lib/apt/lists', bytes: 6 * MB, line: 2 }] }
    ],
    [
      'duplicated-by-chown',
      'FROM debian:12-slim\nCOPY app /app\nRUN chown -R nobody /app\nUSER nobody\n',
      'FROM debian:12-slim\nCOPY --chown=nobody app /app\nUSER nobody\n',
      { hidden: [{ writerLine: 2, writerKeyword: 'COPY', hiderLine: 3, bytes: 12 * MB }] }
    ],
    [
      'wasted-bytes',
      'FROM debian:12-slim\nRUN head -c 3000000 /dev/urandom > /tmp/x\nRUN rm /tmp/x\nUSER nobody\n',
      'FROM debian:12-slim\nRUN head -c 3000000 /dev/urandom > /tmp/x && rm /tmp/x\nUSER nobody\n',
      { hidden: [{ writerLine: 2, writerKeyword: 'RUN', hiderLine: 3, bytes: 3 * MB }] }
    ]
  ])('%s: fires on the mistake, silent on the fix', (rule, mistake, fixed, facts = {}) => {
    expect(rulesOf(mistake, facts)).toContain(rule)
    // The fixed file measures clean (no cache, no hidden copies) and has a .dockerignore.
    expect(rulesOf(fixed)).toEqual([])
  })

  it.each([
    'RUN yarn build',
    'RUN yarn --version',
    'RUN npm install -g pm2',
    'RUN NODE_ENV=production npm ci',
    'RUN npm ci && npm run build && npm prune --omit=dev',
    'RUN pnpm install --prod',
    'RUN yarn install --production',
    'RUN yarn --frozen-lockfile --production'
  ])('no dev-dependency hint for %s', instruction => {
    expect(rulesOf(node(instruction))).toEqual([])
  })

  it('says nothing of an install the image shows no dev packages of', () => {
    // A project without devDependencies, or with its dev packages under a megabyte.
    expect(rulesOf(node('COPY package.json ./', 'RUN npm ci'))).toEqual([])
    const tiny = [{ name: 'left-pad', versions: ['1.3.0'], bytes: 9000, line: 4 }]
    expect(rulesOf(node('COPY package.json ./', 'RUN npm ci'), { devPackages: tiny })).toEqual([])
  })

  it('keeps no base-image cache on the FROM line: the base ships it, no line of the file', () => {
    const caches = [{ path: 'var/cache/apt', bytes: 30 * MB, line: 1 }]
    expect(rulesOf('FROM debian:12-slim\nUSER nobody\n', { caches })).toEqual([])
  })

  it.each([
    ['ENV NODE_ENV=production'],
    ['ENV NODE_ENV production'],
    ['ENV NODE_ENV="production" PORT=3000'],
    ['ARG NODE_ENV=production'],
    ['ARG MODE=production', 'ENV NODE_ENV $MODE'],
    ['ARG NODE_ENV=production', 'ENV NODE_ENV=${NODE_ENV}']
  ])('reads NODE_ENV=production from %s', (...lines: string[]) => {
    const model = parse(node(...lines, 'RUN npm ci'))
    const [target] = resolveTargets(model, [], 'Dockerfile').targets
    expect(devInstallLines(target.chain)).toEqual([])
  })

  it.each([
    ['RUN yarn --frozen-lockfile', [3]],
    ['RUN yarn --version', []],
    ['RUN npm install -g pm2', []],
    ['RUN pnpm i', [3]]
  ])('reads %s as an install that keeps dev dependencies, or none', (run, lines) => {
    const chain = resolveTargets(parse(node(run)), [], 'Dockerfile').targets[0].chain
    expect(devInstallLines(chain)).toEqual(lines)
  })

  it('reads NODE_ENV through the stages a target is built FROM, and a later prune', () => {
    const lines = (...text: string[]) => text.join('\n')
    const chainOf = (text: string) => resolveTargets(parse(text), [], 'Dockerfile').targets[0].chain
    const base = 'FROM node:20-slim AS base\nENV NODE_ENV production\nFROM base\nRUN npm ci\n'
    expect(devInstallLines(chainOf(base))).toEqual([])
    const dev = lines(
      'FROM node:20-slim AS base',
      'RUN npm ci',
      'FROM base',
      'RUN npm prune --omit=dev',
      ''
    )
    expect(devInstallLines(chainOf(dev))).toEqual([])
    expect(
      devInstallLines(
        chainOf(lines('ARG NODE_ENV=development', 'FROM node:20-slim', 'RUN npm ci', ''))
      )
    ).toEqual([3])
  })

  it('puts wasted bytes on both lines: the one that wrote them and the one that deleted them', () => {
    const hints = hintsOf(
      'FROM debian:12-slim\nRUN head -c 3000000 /dev/urandom > /tmp/x\nRUN rm /tmp/x\nUSER nobody\n',
      {
        hidden: [{ writerLine: 2, writerKeyword: 'RUN', hiderLine: 3, bytes: 3 * MB }]
      }
    )
    expect(hints.map(hint => [hint.rule, hint.line, hint.bytes])).toEqual([
      ['wasted-bytes', 3, 3 * MB],
      ['wasted-bytes', 2, 3 * MB]
    ])
    expect(hints[0].message).toContain('that line 2 wrote')
    expect(hints[1].message).toContain('deleted or replaced by line 3')
  })

  it('says how many bytes a chown -R copies, and to use COPY --chown', () => {
    const [hint] = hintsOf(
      'FROM debian:12-slim\nCOPY app /app\nRUN chown -R nobody /app\nUSER nobody\n',
      {
        hidden: [{ writerLine: 2, writerKeyword: 'COPY', hiderLine: 3, bytes: 12 * MB }]
      }
    )
    expect(hint).toMatchObject({ rule: 'duplicated-by-chown', line: 3, bytes: 12 * MB })
    expect(hint.message).toContain('12.0 MB that line 2 wrote')
    expect(hint.message).toContain('`COPY --chown=…`')
  })

  it('only looks at the stages that make the image', () => {
    expect(
      rulesOf(
        'FROM node:20 AS builder\nRUN apt-get install -y make\nFROM node:20-slim\nCOPY --from=builder /app/dist /app\nUSER node\n'
      )
    ).toEqual([])
  })

  it('measured savings come first; small ones are left out', () => {
    const hints = hintsOf(
      'FROM debian:12-slim\nRUN apt-get install -y --no-install-recommends make\nUSER nobody\n',
      {
        caches: [
          { path: 'root/.cache/pip', bytes: 2_000_000, line: 2 },
          { path: 'var/lib/apt/lists', bytes: 9_000_000, line: 2 },
          { path: 'root/.npm', bytes: 999_999, line: 2 }
        ]
      }
    )
    expect(hints.map(hint => [hint.rule, hint.bytes])).toEqual([
      ['cache-in-image', 9_000_000],
      ['cache-in-image', 2_000_000],
      ['build-tools', null]
    ])
    expect(hints[1].message).toContain('pip install --no-cache-dir')
  })
})

describe("an instruction's own words", () => {
  it('joins continuation lines and drops comment lines, flags kept', () => {
    const content = [
      'FROM node:20 AS builder',
      'RUN --mount=type=cache,target=/root/.npm \\',
      '    # install everything',
      '    npm ci && \\',
      '    npm run build',
      'COPY --from=builder --chown=node /app/dist ./dist'
    ].join('\n')
    const [stage] = parseDockerfile(content, {
      buildArgs: new Map(),
      predefined: platformArgs('linux/amd64', 'linux/amd64')
    }).stages
    expect(stage.source).toBe('FROM node:20 AS builder')
    expect(stage.instructions.map(instruction => instruction.source)).toEqual([
      'RUN --mount=type=cache,target=/root/.npm npm ci && npm run build',
      'COPY --from=builder --chown=node /app/dist ./dist'
    ])
  })
})

describe('the images a build reads', () => {
  it('lists each FROM image, COPY --from image and docker-image:// context once, in file order', () => {
    const model = parse(
      [
        'ARG BASE=company/base:1',
        'FROM ${BASE} AS deps',
        'RUN true',
        'FROM deps AS build',
        'COPY --from=company/tools:2 /bin/tool /bin/tool',
        'FROM scratch AS production',
        'COPY --from=build /app /app',
        'FROM company/base:1 AS debug'
      ].join('\n')
    )
    const [production] = resolveTargets(model, ['production'], 'Dockerfile').targets
    expect(
      imagesRead([production.upToTarget], ['base=docker-image://local/base:dev', 'src=../src'])
    ).toEqual([
      { ref: 'company/base:1', where: 'FROM on line 2' },
      { ref: 'company/tools:2', where: 'a --from of stage build' },
      { ref: 'local/base:dev', where: 'build-contexts: base' }
    ])
  })
})
