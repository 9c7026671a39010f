import { describe, expect, it } from '@jest/globals'
import { resolveTargets } from '../../../src/dockerfile/resolve.js'
import { findHints, type HintFacts } from '../../../src/dockerfile/hints.js'
import { devInstallLines } from '../../../src/dockerfile/shell.js'
import { parse } from '../../helpers/dockerfile.js'

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
