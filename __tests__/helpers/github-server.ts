import type { IncomingMessage, ServerResponse } from 'node:http'
import { LocalServer } from './local-server.js'

export interface StoredComment {
  id: number
  body: string
  user: { login: string }
  html_url: string
}

/**
 * The parts of the GitHub REST API sizegate uses, on 127.0.0.1: the token's user,
 * an issue's comments (paged, with Link headers), creating and updating comments,
 * and a pull request.
 */
export class GitHubServer extends LocalServer {
  comments: StoredComment[] = []
  /** Comments created by the token land under this login. */
  login = 'github-actions[bot]'
  /** GITHUB_TOKEN cannot read /user; a personal token can. */
  userEndpoint: 'forbidden' | 'ok' = 'forbidden'
  /** When set, creating or updating a comment answers with this status (403 for a fork's token). */
  writeStatus?: number
  /** The next this many requests answer 502. */
  failures = 0
  pullRequest = { number: 7, head: { sha: 'head000' }, base: { ref: 'main', sha: 'base000' } }
  readonly requests: string[] = []
  private nextId = 1000

  get url(): string {
    return this.origin
  }

  /** Someone else's or an older comment, as if already on the PR. */
  addComment(body: string, login: string): StoredComment {
    const comment = { id: this.nextId++, body, user: { login }, html_url: '' }
    comment.html_url = `https://github.test/o/r/pull/7#issuecomment-${comment.id}`
    this.comments.push(comment)
    return comment
  }

  protected handle(request: IncomingMessage, raw: Buffer, response: ServerResponse): void {
    const body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as { body?: string }) : {}
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
    if ((match = /^GET \/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/.exec(route))) {
      return Number(match[1]) === this.pullRequest.number
        ? this.json(response, 200, this.pullRequest)
        : this.json(response, 404, { message: 'Not Found' })
    }
    this.json(response, 404, { message: `no route ${route}` })
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
