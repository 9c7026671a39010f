import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { fixtures } from '../../helpers/engine.js'
import {
  allTogether,
  applyFixes,
  type FixFacts,
  findFixes
} from '../../../src/dockerfile/fixes/index.js'
import { parseDockerfile, platformArgs } from '../../../src/dockerfile/model.js'
import { suggestionOf } from '../../../src/dockerfile/fixes/present.js'
import { resolveTargets } from '../../../src/dockerfile/resolve.js'

/**
 * The facts of a Dockerfile's last target, with what the image showed; unless told
 * otherwise, every line's layer holds dev packages.
 */
function factsOf(text: string, measured: Partial<FixFacts> = {}): FixFacts {
  const model = parseDockerfile(text, {
    buildArgs: new Map(),
    predefined: platformArgs('linux/amd64', 'linux/amd64')
  })
  const [target] = resolveTargets(model, [], 'Dockerfile').targets
  return {
    lines: text.split('\n'),
    chain: target.chain,
    stages: model.stages,
    hidden: [],
    written: new Map(),
    devLines: new Set(text.split('\n').map((_, index) => index + 1)),
    ...measured
  }
}

/** The Dockerfile with the fixes of one rule applied. */
function fixed(text: string, rule: string, measured: Partial<FixFacts> = {}): string {
  const fixes = findFixes(factsOf(text, measured)).filter(fix => fix.rule === rule)
  return applyFixes(text, fixes)
}

const lines = (...all: string[]) => [...all, ''].join('\n')

/** A stage that installs dev dependencies to build. */
const BUILDER = [
  'FROM node:20-slim AS builder',
  'WORKDIR /app',
  'COPY package.json package-lock.json ./',
  'RUN npm ci',
  'COPY src ./src',
  'RUN npm run build'
]

// Each rule: a Dockerfile that triggers it, its rewrite, and one it must leave alone.
describe.each<[string, string, string, string, Partial<FixFacts>?]>([
  [
    'apt-lists',
    lines(
      'FROM debian:12-slim',
      'RUN apt-get update && apt-get install -y --no-install-recommends curl'
    ),
    lines(
      'FROM debian:12-slim',
      'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*'
    ),
    lines(
      'FROM debian:12-slim',
      'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'
    )
  ],
  [
    'no-install-recommends',
    lines(
      'FROM debian:12-slim',
      '# tools the service shells out to',
      'RUN apt-get update && \\',
      '    apt-get install -y curl \\',
      '      ca-certificates'
    ),
    lines(
      'FROM debian:12-slim',
      '# tools the service shells out to',
      'RUN apt-get update && \\',
      '    apt-get install --no-install-recommends -y curl \\',
      '      ca-certificates && rm -rf /var/lib/apt/lists/*'
    ),
    lines(
      'FROM debian:12-slim',
      'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*'
    )
  ],
  [
    'omit-dev',
    lines('FROM node:20-slim', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci', 'COPY . .'),
    lines(
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY package*.json ./',
      'RUN npm ci --omit=dev',
      'COPY . .'
    ),
    lines(
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY package*.json ./',
      'RUN npm ci',
      'COPY . .',
      'RUN npm run build'
    )
  ],
  [
    'production-node-modules',
    lines(
      ...BUILDER,
      '',
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY --from=builder /app/node_modules ./node_modules',
      'COPY --from=builder /app/dist ./dist'
    ),
    lines(
      ...BUILDER,
      '',
      'FROM node:20-slim AS production-deps',
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      'RUN npm ci --omit=dev',
      '',
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY --from=production-deps /app/node_modules ./node_modules',
      'COPY --from=builder /app/dist ./dist'
    ),
    lines(
      'FROM node:20-slim AS deps',
      'WORKDIR /app',
      'COPY package.json ./',
      'RUN npm ci --omit=dev',
      'FROM node:20-slim',
      'COPY --from=deps /app/node_modules ./node_modules'
    )
  ],
  [
    'copy-chown',
    lines(
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY dist ./dist',
      'RUN chown -R node:node /app/dist',
      'USER node'
    ),
    lines('FROM node:20-slim', 'WORKDIR /app', 'COPY --chown=node:node dist ./dist', 'USER node'),
    lines(
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY dist ./dist',
      'RUN chown -R node:node /app/dist && npm cache clean --force'
    ),
    { hidden: [{ writerLine: 3, writerKeyword: 'COPY', hiderLine: 4, bytes: 5_000_000 }] }
  ],
  [
    'pip-no-cache',
    lines('FROM python:3.12-slim', 'RUN pip install -r requirements.txt'),
    lines('FROM python:3.12-slim', 'RUN pip install --no-cache-dir -r requirements.txt'),
    lines('FROM python:3.12-slim', 'RUN pip install --no-cache-dir -r requirements.txt')
  ],
  [
    'apk-no-cache',
    lines('FROM alpine:3.20', 'RUN apk add curl'),
    lines('FROM alpine:3.20', 'RUN apk add --no-cache curl'),
    lines('FROM alpine:3.20', 'RUN apk add --no-cache curl')
  ],
  [
    'slim-base',
    lines(
      'ARG NODE_VERSION=20',
      'FROM node:${NODE_VERSION} AS production',
      'CMD ["node", "server.js"]'
    ),
    lines(
      'ARG NODE_VERSION=20',
      'FROM node:${NODE_VERSION}-slim AS production',
      'CMD ["node", "server.js"]'
    ),
    lines('FROM node:20-alpine', 'CMD ["node", "server.js"]')
  ],
  [
    'delete-where-written',
    lines(
      'FROM debian:12-slim',
      'RUN curl -o /tmp/tool.tgz https://example.test/tool.tgz && tar -xzf /tmp/tool.tgz -C /opt',
      'RUN rm /tmp/tool.tgz'
    ),
    lines(
      'FROM debian:12-slim',
      'RUN curl -o /tmp/tool.tgz https://example.test/tool.tgz && tar -xzf /tmp/tool.tgz -C /opt && rm /tmp/tool.tgz'
    ),
    lines(
      'FROM debian:12-slim',
      'RUN curl -o /tmp/tool.tgz https://example.test/tool.tgz',
      'RUN tar -xzf /tmp/tool.tgz -C /opt && rm /tmp/tool.tgz'
    ),
    { hidden: [{ writerLine: 2, writerKeyword: 'RUN', hiderLine: 3, bytes: 30_000_000 }] }
  ],
  [
    'delete-where-written',
    lines('FROM node:20-slim', 'RUN npm ci --omit=dev', 'RUN npm cache clean --force'),
    lines('FROM node:20-slim', 'RUN npm ci --omit=dev && npm cache clean --force'),
    lines(
      'FROM node:20-slim',
      'RUN npm ci --omit=dev',
      'RUN npm cache clean --force && npm run build'
    ),
    { hidden: [{ writerLine: 2, writerKeyword: 'RUN', hiderLine: 3, bytes: 3_400_000 }] }
  ]
])('fix %s', (rule, trigger, rewrite, untouched, measured) => {
  it('rewrites the Dockerfile that triggers it, keeping its formatting and comments', () => {
    expect(fixed(trigger, rule, measured)).toBe(rewrite)
  })
  it('leaves alone the one that does not', () => {
    const withoutHider = measured?.hidden
      ? { hidden: measured.hidden.map(pair => ({ ...pair })) }
      : {}
    expect(findFixes(factsOf(untouched, withoutHider)).filter(fix => fix.rule === rule)).toEqual([])
  })
})

describe('the dev-dependency fixes', () => {
  it.each([
    ['npm ci --only=production'],
    ['npm ci --production'],
    ['NODE_ENV=production npm ci'],
    ['npm ci && npm prune --omit=dev'],
    ['yarn install --frozen-lockfile --production']
  ])('copy node_modules back from the stage that installs production ones: %s', install => {
    const text = lines(
      ...BUILDER,
      '',
      'FROM node:20-slim AS deps',
      'WORKDIR /app',
      'COPY package*.json ./',
      `RUN ${install}`,
      '',
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY --from=builder /app/node_modules ./node_modules'
    )
    expect(fixed(text, 'production-node-modules')).toBe(
      text.replace('--from=builder /app/node_modules', '--from=deps /app/node_modules')
    )
  })

  const install = lines('FROM node:20-slim', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci')
  const copy = lines(
    ...BUILDER,
    'FROM node:20-slim',
    'COPY --from=builder /app/node_modules ./node_modules'
  )
  it.each([
    ['omit-dev', install, 4],
    ['production-node-modules', copy, 8]
  ])('%s: only where that layer holds dev packages', (rule, text, line) => {
    const rules = (devLines: number[]) =>
      findFixes(factsOf(text, { devLines: new Set(devLines) })).map(fix => fix.rule)
    expect(rules([line])).toContain(rule)
    expect(rules([])).not.toContain(rule)
  })
})

describe('the single-stage Node Dockerfile', () => {
  const fixture = (name: string) => readFileSync(path.join(fixtures, 'fix', name), 'utf8')
  const singleStage = fixture('single-stage.Dockerfile')
  const written = new Map([[6, ['app/dist', 'app/dist/assets', 'root/.npm']]])

  it('is split into a build stage and a runtime stage on the slim base with production dependencies', () => {
    expect(fixed(singleStage, 'multi-stage', { written })).toBe(fixture('multi-stage.Dockerfile'))
  })

  it('takes the split over the slim base alone when all fixes are applied together', () => {
    const fixes = findFixes(factsOf(singleStage, { written }))
    expect(fixes.map(fix => fix.rule).sort()).toEqual(['multi-stage', 'slim-base'])
    expect(allTogether(fixes).map(fix => fix.rule)).toEqual(['multi-stage'])
  })

  it('is not split when the build wrote nothing the runtime could copy', () => {
    expect(findFixes(factsOf(singleStage)).map(fix => fix.rule)).toEqual(['slim-base'])
  })
})

describe('a chown -R over the files of several COPY lines', () => {
  // The seed's final stage: four COPY lines into /app, which WORKDIR made, then one chown.
  const text = lines(
    'FROM node:20-slim AS runner',
    'WORKDIR /app',
    'COPY --from=builder /app/public ./public',
    'COPY --from=builder /app/.next/standalone ./',
    'COPY --from=builder /app/.next/static ./.next/static',
    'COPY --from=deps /app/node_modules ./node_modules',
    'RUN chown -R nextjs:nodejs /app',
    'USER nextjs'
  )
  const hidden = [3, 4, 5, 6].map(line => ({
    writerLine: line,
    writerKeyword: 'COPY',
    hiderLine: 7,
    bytes: 1_000_000
  }))

  it('is one fix: --chown on every one of them, and the folder WORKDIR made chowned alone', () => {
    const fixes = findFixes(factsOf(text, { hidden })).filter(fix => fix.rule === 'copy-chown')
    expect(fixes).toHaveLength(1)
    expect(fixes[0].title).toBe(
      'Set owner and mode as the files land: --chown=nextjs:nodejs on 4 lines, and chown nextjs:nodejs /app for the folder itself'
    )
    expect(applyFixes(text, fixes)).toBe(
      lines(
        'FROM node:20-slim AS runner',
        'WORKDIR /app',
        'COPY --chown=nextjs:nodejs --from=builder /app/public ./public',
        'COPY --chown=nextjs:nodejs --from=builder /app/.next/standalone ./',
        'COPY --chown=nextjs:nodejs --from=builder /app/.next/static ./.next/static',
        'COPY --chown=nextjs:nodejs --from=deps /app/node_modules ./node_modules',
        'RUN chown nextjs:nodejs /app',
        'USER nextjs'
      )
    )
  })

  it('is none where a RUN wrote some of what the chown changed: --chown cannot reach those', () => {
    const withRun = text.replace('COPY --from=deps /app/node_modules', 'RUN npm ci #')
    const writers = [...hidden.slice(0, 3), { ...hidden[3], writerKeyword: 'RUN' }]
    const fixes = findFixes(factsOf(withRun, { hidden: writers }))
    expect(fixes.filter(fix => fix.rule === 'copy-chown')).toEqual([])
  })
})

describe('a suggested change', () => {
  it('spans the lines a fix edits, as the fix writes them', () => {
    const text = lines(
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY dist ./dist',
      'RUN chown -R node:node /app/dist',
      'USER node'
    )
    const hidden = [{ writerLine: 3, writerKeyword: 'COPY', hiderLine: 4, bytes: 5_000_000 }]
    const [fix] = findFixes(factsOf(text, { hidden }))
    expect(suggestionOf(fix, text)).toEqual({
      line: 3,
      endLine: 4,
      lines: ['COPY --chown=node:node dist ./dist']
    })
  })
})
