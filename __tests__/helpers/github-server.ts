import type { IncomingMessage, ServerResponse } from 'node:http'
import { LocalServer } from './local-server.js'

export interface StoredComment {
  id: number
  body: string
  user: { login: string; type: 'Bot' | 'User' }
  html_url: string
}

export interface StoredPullRequest {
  number: number
  head: { sha: string; ref: string; repo: { full_name: string } }
  base: { ref: string; sha: string; repo: { full_name: string } }
}

/** A review comment on a line of a pull request's diff. */
export interface StoredReviewComment {
  id: number
  body: string
  path: string
  line: number
  side: string
  start_line?: number
  start_side?: string
  commit_id: string
  user: { login: string; type: 'Bot' | 'User' }
}

/** A file a pull request changes, with its patch as the API lists it. */
export interface StoredFile {
  filename: string
  status: string
  patch?: string
}

export interface StoredStatus {
  sha: string
  state: string
  context: string
  description: string
  target_url?: string
}

export interface StoredEvent {
  event: string
  label?: { name: string }
  actor: { login: string }
  created_at: string
}

/**
 * The parts of the GitHub API sizegate uses, on 127.0.0.1: the token's user (REST
 * and GraphQL's viewer), an issue's comments (paged, with Link headers), creating
 * and updating comments, pull requests (one, and open ones by head), commit
 * statuses, an issue's labels and events, and a pull request's files and review
 * comments (created only on a line of the file's diff, as GitHub takes them).
 */
export class GitHubServer extends LocalServer {
  comments: StoredComment[] = []
  /** Comments created by the token land under this login. */
  login = 'github-actions[bot]'
  /** GITHUB_TOKEN and App tokens cannot read /user; a personal token can. */
  userEndpoint: 'forbidden' | 'ok' = 'forbidden'
  /** GraphQL's viewer: answered for App tokens; `forbidden` is a token that may not ask. */
  viewerEndpoint: 'forbidden' | 'ok' = 'forbidden'
  /** When set, creating or updating a comment answers with this status (403 for a fork's token). */
  writeStatus?: number
  /** The next this many requests answer 502. */
  failures = 0
  /** The open pull requests; the first is the one tests are about. */
  pullRequests: StoredPullRequest[] = [pullRequestOf(7, 'head000', 'base000')]
  statuses: StoredStatus[] = []
  /** When set, creating a status answers with this status. */
  statusRefusal?: number
  labels: string[] = []
  events: StoredEvent[] = []
  /** The files the pull request changes. */
  files: StoredFile[] = []
  reviewComments: StoredReviewComment[] = []
  readonly requests: string[] = []
  private nextId = 1000

  get url(): string {
    return this.origin
  }

  get pullRequest(): StoredPullRequest {
    return this.pullRequests[0]
  }

  set pullRequest(pr: StoredPullRequest) {
    this.pullRequests[0] = pr
  }

  /** Someone else's or an older comment, as if already on the PR. */
  addComment(body: string, login: string): StoredComment {
    const type = login.endsWith('[bot]') ? 'Bot' : 'User'
    const comment = { id: this.nextId++, body, user: { login, type } as const, html_url: '' }
    comment.html_url = `https://github.test/o/r/pull/7#issuecomment-${comment.id}`
    this.comments.push(comment)
    return comment
  }

  protected handle(request: IncomingMessage, raw: Buffer, response: ServerResponse): void {
    const body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, string>) : {}
    const url = new URL(request.url ?? '/', this.url)
    this.requests.push(`${request.method} ${url.pathname}${url.search}`)
    if (this.failures > 0) {
      this.failures--
      return this.json(response, 502, { message: 'Bad Gateway' })
    }
    const route = `${request.method} ${url.pathname}`
    let match: RegExpExecArray | null
    if (route === 'GET /user') {
      return this.userEndpoint === 'ok'
        ? this.json(response, 200, { login: this.login })
        : this.json(response, 403, { message: 'Resource not accessible by integration' })
    }
    if ((match = /^GET \/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/.exec(route))) {
      return this.listComments(url, response)
    }
    if ((match = /^POST \/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/.exec(route))) {
      if (this.writeStatus)
        return this.json(response, this.writeStatus, {
          message: 'Resource not accessible by integration'
        })
      return this.json(response, 201, this.addComment(body.body ?? '', this.login))
    }
    if ((match = /^PATCH \/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(route))) {
      if (this.writeStatus)
        return this.json(response, this.writeStatus, {
          message: 'Resource not accessible by integration'
        })
      const comment = this.comments.find(candidate => candidate.id === Number(match?.[1]))
      if (!comment) return this.json(response, 404, { message: 'Not Found' })
      comment.body = body.body ?? ''
      return this.json(response, 200, comment)
    }
    if (/^GET \/repos\/[^/]+\/[^/]+\/pulls\/\d+\/files$/.test(route))
      return this.json(response, 200, this.files)
    if (/^GET \/repos\/[^/]+\/[^/]+\/pulls\/\d+\/comments$/.test(route))
      return this.json(response, 200, this.reviewComments)
    if (/^POST \/repos\/[^/]+\/[^/]+\/pulls\/\d+\/comments$/.test(route))
      return this.createReviewComment(body, response)
    if ((match = /^DELETE \/repos\/[^/]+\/[^/]+\/pulls\/comments\/(\d+)$/.exec(route))) {
      const id = Number(match[1])
      const before = this.reviewComments.length
      this.reviewComments = this.reviewComments.filter(comment => comment.id !== id)
      if (this.reviewComments.length === before)
        return this.json(response, 404, { message: 'Not Found' })
      response.writeHead(204).end()
      return
    }
    if ((match = /^GET \/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/.exec(route))) {
      const pr = this.pullRequests.find(candidate => candidate.number === Number(match?.[1]))
      return pr ? this.json(response, 200, pr) : this.json(response, 404, { message: 'Not Found' })
    }
    if (route === 'GET /repos/o/r/pulls') {
      // `head=owner:branch`, as the API filters open pull requests.
      const [owner, branch] = (url.searchParams.get('head') ?? ':').split(':')
      return this.json(
        response,
        200,
        this.pullRequests.filter(
          pr => pr.head.repo.full_name.split('/')[0] === owner && pr.head.ref === branch
        )
      )
    }
    if ((match = /^POST \/repos\/[^/]+\/[^/]+\/statuses\/(\w+)$/.exec(route))) {
      if (this.statusRefusal)
        return this.json(response, this.statusRefusal, {
          message: 'Resource not accessible by integration'
        })
      const status = { sha: match[1], ...body } as StoredStatus
      this.statuses.push(status)
      return this.json(response, 201, status)
    }
    if (/^GET \/repos\/[^/]+\/[^/]+\/issues\/\d+\/labels$/.test(route))
      return this.json(
        response,
        200,
        this.labels.map(name => ({ name }))
      )
    if (/^GET \/repos\/[^/]+\/[^/]+\/issues\/\d+\/events$/.test(route))
      return this.json(response, 200, this.events)
    if (route === 'POST /graphql') {
      return this.viewerEndpoint === 'ok'
        ? this.json(response, 200, { data: { viewer: { login: this.login } } })
        : this.json(response, 403, { message: 'Resource not accessible by integration' })
    }
    this.json(response, 404, { message: `no route ${route}` })
  }

  /**
   * As GitHub takes one: a line (and a start line) on the RIGHT side of the file's
   * diff, within one of its hunks; else 422.
   */
  private createReviewComment(body: Record<string, unknown>, response: ServerResponse): void {
    if (this.writeStatus)
      return this.json(response, this.writeStatus, {
        message: 'Resource not accessible by integration'
      })
    const file = this.files.find(candidate => candidate.filename === body.path)
    const hunks = [
      ...(file?.patch ?? '').matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)
    ].map(hunk => [Number(hunk[1]), Number(hunk[1]) + Number(hunk[2] ?? 1) - 1])
    const line = Number(body.line)
    const start = body.start_line === undefined ? line : Number(body.start_line)
    const inHunk = hunks.some(([first, last]) => first <= start && line <= last)
    if (!file || body.side !== 'RIGHT' || !inHunk || typeof body.commit_id !== 'string')
      return this.json(response, 422, {
        message: 'Validation Failed: line must be part of the diff'
      })
    const comment: StoredReviewComment = {
      id: this.nextId++,
      body: String(body.body ?? ''),
      path: String(body.path),
      line,
      side: 'RIGHT',
      ...(body.start_line === undefined
        ? {}
        : { start_line: start, start_side: String(body.start_side) }),
      commit_id: body.commit_id,
      user: { login: this.login, type: this.login.endsWith('[bot]') ? 'Bot' : 'User' }
    }
    this.reviewComments.push(comment)
    this.json(response, 201, comment)
  }

  private listComments(url: URL, response: ServerResponse): void {
    const perPage = Number(url.searchParams.get('per_page') ?? 30)
    const page = Number(url.searchParams.get('page') ?? 1)
    const pages = Math.max(1, Math.ceil(this.comments.length / perPage))
    const link = (to: number) => {
      const next = new URL(url)
      next.searchParams.set('page', String(to))
      return next.toString()
    }
    const links =
      page < pages ? [`<${link(page + 1)}>; rel="next"`, `<${link(pages)}>; rel="last"`] : []
    response.writeHead(200, {
      'content-type': 'application/json',
      ...(links.length > 0 ? { link: links.join(', ') } : {})
    })
    response.end(JSON.stringify(this.comments.slice((page - 1) * perPage, page * perPage)))
  }
}

/** An open pull request of o/r from a branch of the same repository (or of `headRepository`). */
export function pullRequestOf(
  number: number,
  headSha: string,
  baseSha: string,
  headRepository = 'o/r',
  headRef = 'feature'
): StoredPullRequest {
  return {
    number,
    head: { sha: headSha, ref: headRef, repo: { full_name: headRepository } },
    base: { ref: 'main', sha: baseSha, repo: { full_name: 'o/r' } }
  }
}
