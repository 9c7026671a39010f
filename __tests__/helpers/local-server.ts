import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A test server on 127.0.0.1 and a free port; subclasses answer the requests. */
export abstract class LocalServer {
  private server?: Server

  /** http://127.0.0.1:PORT, without a trailing slash. */
  get origin(): string {
    const { port } = this.server?.address() as AddressInfo
    return `http://127.0.0.1:${port}`
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void readBody(request).then(body => this.handle(request, body, response))
    })
    await new Promise<void>(resolve => this.server?.listen(0, '127.0.0.1', resolve))
    return this
  }

  async stop(): Promise<void> {
    // Requests a test left unanswered would hold close() for good.
    this.server?.closeAllConnections()
    await new Promise(resolve => this.server?.close(resolve))
  }

  protected abstract handle(request: IncomingMessage, body: Buffer, response: ServerResponse): void

  protected json(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
