import { describe, expect, it } from '@jest/globals'
import {
  parseDockerfile,
  platformArgs,
  type DockerfileModel
} from '../../../src/dockerfile/model.js'
import { parse, resolve } from '../../helpers/dockerfile.js'

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
