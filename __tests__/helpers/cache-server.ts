import type { IncomingMessage, ServerResponse } from 'node:http'
import { LocalServer } from './local-server.js'

interface Entry {
  key: string
  version: string
  blob?: Buffer
  /** Chunks of a v1 upload by offset, joined when it is committed. */
  chunks?: Map<number, Buffer>
  /** Azure blocks of a v2 upload by block id, joined in the order the block list gives. */
  blocks?: Map<string, Buffer>
  finalized: boolean
  createdAt: number
}

/**
 * A token shaped as the runner's: BuildKit's gha cache reads its claims (`ac`, the
 * cache scopes it may read and write; `exp`, `nbf`) without checking the signature.
 */
function runtimeToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const now = Math.floor(Date.now() / 1000)
  const scopes = [{ Scope: 'refs/heads/main', Permission: 3 }]
  return [
    part({ alg: 'HS256', typ: 'JWT' }),
    part({ ac: JSON.stringify(scopes), nbf: now - 60, exp: now + 6 * 3600 }),
    // BuildKit 0.20 and later decode the signature too (without checking it).
    Buffer.from('signature').toString('base64url')
  ].join('.')
}

const V1_ROUTE = /^\/_apis\/artifactcache\/(cache|caches|caches\/(\d+)|archive\/(\d+))$/

/**
 * The GitHub Actions cache service on 127.0.0.1, in both protocols: v2 as
 * @actions/cache speaks it (three Twirp calls and a blob PUT/GET), and the older v1
 * (`_apis/artifactcache`) that BuildKit before 0.20 and GitHub Enterprise Server
 * speak. Keys match as the service matches them: the primary key exactly, then as
 * a prefix, then each restore key; the newest wins.
 */
export class CacheServer extends LocalServer {
  readonly entries: Entry[] = []
  /** When set, every Twirp call is answered with this HTTP status. */
  refuseWith?: number
  /** When set, no call of either protocol is ever answered: a service that stalls. */
  stall = false
  /** Each request as `METHOD path?query`, in order. */
  readonly requests: string[] = []
  private clock = 0

  get url(): string {
    return `${this.origin}/`
  }

  /** The environment that points @actions/cache (and a new enough buildx) here: cache service v2. */
  env(): Record<string, string> {
    return {
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RESULTS_URL: this.url,
      ACTIONS_RUNTIME_TOKEN: runtimeToken()
    }
  }

  /** The environment of the v1 protocol, as on GitHub Enterprise Server: what BuildKit 0.11 reaches. */
  envV1(): Record<string, string> {
    return { ACTIONS_CACHE_URL: this.url, ACTIONS_RUNTIME_TOKEN: runtimeToken() }
  }

  /** Keys of the entries written so far. */
  keys(): string[] {
    return this.entries.filter(entry => entry.finalized).map(entry => entry.key)
  }

  /** Keys of sizegate's own reports, leaving out what BuildKit's gha cache wrote. */
  reportKeys(): string[] {
    return this.keys().filter(key => key.startsWith('sizegate-report-'))
  }

  /** BuildKit's cache indexes (`index-<scope>-…`), one per scope it exported. */
  buildkitIndexes(): string[] {
    return this.keys().filter(key => key.startsWith('index-'))
  }

  protected handle(request: IncomingMessage, body: Buffer, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.url)
    this.requests.push(`${request.method} ${url.pathname}${url.search}`)
    // Held open until the server stops.
    if (this.stall) return
    const v1 = V1_ROUTE.exec(url.pathname)
    if (v1) {
      if (this.refuseWith) return this.json(response, this.refuseWith, { message: 'refused' })
      return this.v1(request, url, body, response)
    }
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
    if (request.method === 'PUT') return this.putBlob(entry, url, body, response)
    this.sendRange(request, entry.blob ?? Buffer.alloc(0), response)
  }

  /**
   * A blob upload as the Azure SDKs send it: one PUT (@actions/cache below 128 MiB),
   * or blocks (`comp=block&blockid=…`, the id URL-encoded base64) and then the block
   * list (`comp=blocklist`, XML naming the ids in order), as BuildKit's Go SDK does.
   */
  private putBlob(entry: Entry, url: URL, body: Buffer, response: ServerResponse): void {
    const comp = url.searchParams.get('comp')
    if (comp === 'block') {
      entry.blocks ??= new Map()
      entry.blocks.set(url.searchParams.get('blockid') ?? '', body)
    } else if (comp === 'blocklist') {
      const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Committed|Uncommitted)>([^<]*)</g)]
      const blocks = ids.map(([, id]) => entry.blocks?.get(id))
      if (blocks.some(block => !block)) return this.json(response, 400, { error: 'unknown block' })
      entry.blob = Buffer.concat(blocks as Buffer[])
      entry.blocks = undefined
    } else {
      entry.blob = body
    }
    response.writeHead(201, { 'x-ms-request-id': 'local', 'content-md5': '' }).end()
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

  private v1(request: IncomingMessage, url: URL, body: Buffer, response: ServerResponse): void {
    const route = `${request.method} ${url.pathname.replace(/\d+$/, 'N')}`
    // v1 cache ids start at 1: BuildKit takes 0 for no id.
    const id = Number(/(\d+)$/.exec(url.pathname)?.[1])
    const entry = this.entries[route.includes('archive') ? id : id - 1] as Entry | undefined
    if (route === 'GET /_apis/artifactcache/cache') {
      const [primary, ...restore] = (url.searchParams.get('keys') ?? '').split(',')
      const found = this.match(primary, restore, url.searchParams.get('version') ?? '')
      if (!found) return void response.writeHead(204).end()
      return this.json(response, 200, {
        cacheKey: found.key,
        scope: 'refs/heads/main',
        archiveLocation: `${this.url}_apis/artifactcache/archive/${this.entries.indexOf(found)}`
      })
    }
    if (route === 'POST /_apis/artifactcache/caches') {
      const { key, version } = JSON.parse(body.toString('utf8')) as { key: string; version: string }
      if (this.entries.some(other => other.key === key && other.version === version))
        return this.json(response, 409, {
          message: `Cache already exists. Key: ${key}`,
          typeKey: 'ReserveCacheItemAlreadyExistsException'
        })
      const created = { key, version, finalized: false, createdAt: ++this.clock, chunks: new Map() }
      return this.json(response, 201, { cacheId: this.entries.push(created) })
    }
    if (route === 'PATCH /_apis/artifactcache/caches/N' && entry?.chunks) {
      const start = Number(/^bytes (\d+)-/.exec(request.headers['content-range'] ?? '')?.[1] ?? 0)
      entry.chunks.set(start, body)
      return void response.writeHead(204).end()
    }
    if (route === 'POST /_apis/artifactcache/caches/N' && entry?.chunks) {
      const offsets = [...entry.chunks.keys()].sort((a, b) => a - b)
      entry.blob = Buffer.concat(offsets.map(offset => entry.chunks?.get(offset) as Buffer))
      entry.chunks = undefined
      entry.finalized = true
      return void response.writeHead(204).end()
    }
    if (route === 'GET /_apis/artifactcache/archive/N' && entry?.blob) {
      return this.sendRange(request, entry.blob, response)
    }
    this.json(response, 404, { message: `no route ${route}` })
  }

  /**
   * A blob, or the part of it a range asks for (`Range: bytes=N-` or `bytes=N-M`, or
   * Azure's `x-ms-range`), as BuildKit reads layers.
   */
  private sendRange(request: IncomingMessage, blob: Buffer, response: ServerResponse): void {
    const range = (request.headers['x-ms-range'] ?? request.headers.range) as string | undefined
    const [, from, to] = /^bytes=(\d+)-(\d*)/.exec(range ?? '') ?? []
    const start = Number(from ?? 0)
    const end = to ? Math.min(Number(to), blob.length - 1) : blob.length - 1
    const part = blob.subarray(start, end + 1)
    const headers = {
      'content-type': 'application/octet-stream',
      'content-length': String(part.length)
    }
    if (range)
      response.writeHead(206, {
        ...headers,
        'content-range': `bytes ${start}-${end}/${blob.length}`
      })
    else response.writeHead(200, headers)
    response.end(part)
  }

  /** The content of the finalized entry under `key`. */
  blobOf(key: string): Buffer | undefined {
    return this.entries.find(entry => entry.finalized && entry.key === key)?.blob
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
