import type { IncomingMessage, ServerResponse } from 'node:http'
import { LocalServer } from './local-server.js'

interface Entry {
  key: string
  version: string
  blob?: Buffer
  finalized: boolean
  createdAt: number
}

/**
 * The GitHub Actions cache service (v2) as @actions/cache speaks it: three Twirp
 * calls and a blob PUT/GET, on 127.0.0.1. Keys match as the service matches them:
 * the primary key exactly, then as a prefix, then each restore key; the newest wins.
 */
export class CacheServer extends LocalServer {
  readonly entries: Entry[] = []
  /** When set, every Twirp call is answered with this HTTP status. */
  refuseWith?: number
  private clock = 0

  get url(): string {
    return `${this.origin}/`
  }

  /** The environment that points @actions/cache here. */
  env(): Record<string, string> {
    return {
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RESULTS_URL: this.url,
      ACTIONS_RUNTIME_TOKEN: 'test-token'
    }
  }

  protected handle(request: IncomingMessage, body: Buffer, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.url)
    const twirp = /\/twirp\/github\.actions\.results\.api\.v1\.CacheService\/(\w+)$/.exec(
      url.pathname
    )
    if (twirp) {
      if (this.refuseWith)
        return this.json(response, this.refuseWith, { code: 'permission_denied', msg: 'refused' })
      return this.twirp(twirp[1], JSON.parse(body.toString('utf8') || '{}'), response)
    }
    const blob = /^\/devstoreaccount1\/cache\/(\d+)$/.exec(url.pathname)
    const entry = blob ? this.entries[Number(blob[1])] : undefined
    if (!entry) return this.json(response, 404, { error: 'no such blob' })
    if (request.method === 'PUT') {
      entry.blob = body
      response.writeHead(201, { 'x-ms-request-id': 'local', 'content-md5': '' }).end()
      return
    }
    response.writeHead(200, {
      'content-length': String(entry.blob?.length ?? 0),
      'content-type': 'application/octet-stream'
    })
    response.end(entry.blob)
  }

  private twirp(method: string, body: Record<string, unknown>, response: ServerResponse): void {
    const key = String(body.key ?? '')
    const version = String(body.version ?? '')
    if (method === 'CreateCacheEntry') {
      if (
        this.entries.some(
          entry => entry.key === key && entry.version === version && entry.finalized
        )
      ) {
        return this.json(response, 409, { code: 'already_exists', msg: 'cache entry exists' })
      }
      const id = this.entries.push({ key, version, finalized: false, createdAt: ++this.clock }) - 1
      return this.json(response, 200, {
        ok: true,
        signed_upload_url: `${this.url}devstoreaccount1/cache/${id}`
      })
    }
    if (method === 'FinalizeCacheEntryUpload') {
      const entry = this.entries.find(
        candidate => candidate.key === key && candidate.version === version && !candidate.finalized
      )
      if (!entry) return this.json(response, 404, { code: 'not_found', msg: 'no upload' })
      entry.finalized = true
      return this.json(response, 200, { ok: true, entry_id: String(this.entries.indexOf(entry)) })
    }
    if (method === 'GetCacheEntryDownloadURL') {
      const found = this.match(key, (body.restore_keys as string[] | undefined) ?? [], version)
      if (!found)
        return this.json(response, 200, { ok: false, signed_download_url: '', matched_key: '' })
      return this.json(response, 200, {
        ok: true,
        signed_download_url: `${this.url}devstoreaccount1/cache/${this.entries.indexOf(found)}`,
        matched_key: found.key
      })
    }
    this.json(response, 404, { code: 'bad_route', msg: method })
  }

  private match(primary: string, restoreKeys: string[], version: string): Entry | undefined {
    const usable = this.entries.filter(entry => entry.finalized && entry.version === version)
    const newest = (list: Entry[]) => list.sort((a, b) => b.createdAt - a.createdAt)[0]
    for (const key of [primary, ...restoreKeys]) {
      const exact = usable.find(entry => entry.key === key)
      if (exact) return exact
      const prefixed = newest(usable.filter(entry => entry.key.startsWith(key)))
      if (prefixed) return prefixed
    }
    return undefined
  }
}
