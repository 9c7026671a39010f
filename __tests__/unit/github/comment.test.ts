import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createOctokit } from '../../../src/github/api.js'
import { upsertComment } from '../../../src/github/comment.js'
import { markerComment } from '../../../src/report/comment.js'
import { GitHubServer } from '../../helpers/github-server.js'
import { captureStdout } from '../../helpers/process.js'
import { actionLog } from '../../../src/action/log.js'
import { useLog } from '../../../src/log.js'

// These tests call the core directly and read what it says as the action says it.
useLog(actionLog)

const server = new GitHubServer()
const place = { owner: 'o', repo: 'r', issueNumber: 7 }
const marker = 'sizegate:abc'
const options = { updateOnly: false, retryDelaysMs: [10, 10] }
let saved: string | undefined

beforeAll(async () => {
  await server.start()
  saved = process.env.GITHUB_API_URL
  process.env.GITHUB_API_URL = server.url
})
afterAll(async () => {
  if (saved === undefined) delete process.env.GITHUB_API_URL
  else process.env.GITHUB_API_URL = saved
  await server.stop()
})
beforeEach(() => {
  server.comments = []
  server.writeStatus = undefined
  server.failures = 0
  server.userEndpoint = 'forbidden'
  server.viewerEndpoint = 'forbidden'
  server.login = 'github-actions[bot]'
  server.requests.length = 0
})

const octokit = () => createOctokit('test-token')
const body = (text: string) => `${markerComment(marker)}\n${text}`
let result: Awaited<ReturnType<typeof upsertComment>>
const post = async (text: string, opts = options) =>
  captureStdout(async () => {
    result = await upsertComment(await octokit(), place, marker, body(text), opts)
  })

describe('the sticky comment on the real @actions/github client', () => {
  it('creates the first comment, then updates the same one', async () => {
    await post('first')
    expect(result.action).toBe('created')
    expect(server.comments).toHaveLength(1)
    await post('second')
    expect(result).toEqual({ action: 'updated', url: server.comments[0].html_url })
    expect(server.comments).toHaveLength(1)
    expect(server.comments[0].body).toContain('second')
  })

  it('finds its comment beyond the first page of 100', async () => {
    for (let i = 0; i < 130; i++) server.addComment(`comment ${i}`, 'someone')
    const own = server.addComment(body('old'), 'github-actions[bot]')
    await post('new')
    expect(result.action).toBe('updated')
    expect(own.body).toContain('new')
    expect(server.comments).toHaveLength(131)
    expect(
      server.requests.filter(request => request.startsWith('GET /repos/o/r/issues/7/comments'))
    ).toHaveLength(2)
  })

  it("leaves someone else's comment with the marker alone", async () => {
    const quoted = server.addComment(body('quoted by a person'), 'octocat')
    await post('ours')
    expect(result.action).toBe('created')
    expect(quoted.body).toContain('quoted by a person')
    expect(server.comments).toHaveLength(2)
  })

  it('uses the login /user tells, for tokens that may read it', async () => {
    server.userEndpoint = 'ok'
    server.login = 'release-bot'
    server.addComment(body('old'), 'release-bot')
    await post('new')
    expect(result.action).toBe('updated')
  })

  it('warns on 403 (a fork PR) and never throws', async () => {
    server.writeStatus = 403
    const log = await post('denied')
    expect(result).toEqual({ action: 'failed', url: null })
    expect(log).toContain(
      '::warning::Could not comment on pull request #7: the token may not do this (403'
    )
    expect(log).toContain('workflow_run')
  })

  it('tries again on 5xx, then warns when it persists', async () => {
    server.failures = 2
    await post('after two failures')
    expect(result.action).toBe('created')
    server.failures = 20
    const log = await post('down')
    expect(result.action).toBe('failed')
    expect(log).toContain('the GitHub API answered 502')
  })

  it('on-change: updates an existing comment but does not create one', async () => {
    await post('nothing changed', { ...options, updateOnly: true })
    expect(result.action).toBe('skipped')
    expect(server.comments).toHaveLength(0)
  })
})
