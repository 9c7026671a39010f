import { beforeAll, describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { runAction } from '../helpers/action.js'
import { makeBaseImages, repoRoot } from '../helpers/engine.js'
import { actionInputs, sizegateSteps } from '../helpers/workflow.js'

/**
 * The examples as a user would copy them: each Dockerfile builds on the engine
 * (from stand-in base images of the same names) and passes sizegate's own hints.
 */
const examples = path.join(repoRoot, 'examples')
const names = readdirSync(examples, { withFileTypes: true })
  // The demo is `npm run demo`'s service, which its pull request makes regress on purpose.
  .filter(entry => entry.isDirectory() && entry.name !== 'demo')
  .map(entry => entry.name)

const BASES = [
  'node:20-slim',
  'python:3.12-slim',
  'golang:1.23',
  'nginxinc/nginx-unprivileged:1.27-alpine',
  'rust:1.83-slim',
  'gcr.io/distroless/cc-debian12:nonroot',
  'maven:3.9-eclipse-temurin-21',
  'eclipse-temurin:21-jre-alpine'
]

beforeAll(() => makeBaseImages(...BASES), 120_000)

describe('examples/', () => {
  it('holds the six styles the README names', () => {
    expect(names.sort()).toEqual([
      'go-binary',
      'java-service',
      'node-api',
      'python-service',
      'rust-service',
      'static-site'
    ])
  })

  it.each(names)(
    '%s builds, and its Dockerfile draws no hint',
    async name => {
      const run = await runAction(
        { context: '.', network: 'none', comment: 'never' },
        { GITHUB_WORKSPACE: path.join(examples, name) }
      )
      expect(run.exitCode).toBe(0)
      const [report] = run.reports
      expect(report.hints).toEqual([])
      // Only what runs reaches the final image: the builder's caches stay behind.
      expect(report.files.folders.map(folder => folder.path)).not.toEqual(
        expect.arrayContaining([
          expect.stringMatching(/(^|\/)(\.cache|\.m2|go\/pkg|cargo\/registry)/)
        ])
      )
    },
    120_000
  )

  it.each(names)("%s's workflow sets only sizegate's inputs", name => {
    const text = readFileSync(
      path.join(examples, name, '.github', 'workflows', 'image.yml'),
      'utf8'
    )
    const { workflow, keys } = sizegateSteps(text)
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' })
    expect(keys.length).toBeGreaterThan(0)
    const inputs = actionInputs()
    expect(keys.filter(key => !inputs.has(key))).toEqual([])
  })
})
