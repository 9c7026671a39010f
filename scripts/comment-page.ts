// A PR comment's markdown as GitHub shows it: GitHub-flavoured markdown rendered by
// marked, in github-markdown-css's light theme, in a box as wide as a comment, and
// a screenshot of it taken in headless Chromium (Debian's, driven by playwright-core).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { marked } from 'marked'
import { chromium } from 'playwright-core'

const css = (): string =>
  readFileSync(
    createRequire(import.meta.url).resolve('github-markdown-css/github-markdown-light.css'),
    'utf8'
  )

/** The page of one comment; `open` unfolds its <details> as a reader who clicks would. */
export function commentPage(markdown: string, open = false): string {
  const body = marked.parse(markdown, { gfm: true, async: false })
  const html = open ? body.replace(/<details>/g, '<details open>') : body
  return `<!doctype html>
<html><head><meta charset="utf-8"><style>
${css()}
body { margin: 0; background: #ffffff; }
.comment { box-sizing: border-box; width: 860px; margin: 16px; padding: 16px 24px;
  border: 1px solid #d0d7de; border-radius: 6px; }
</style></head>
<body><article class="comment markdown-body">${html}</article></body></html>`
}

/** Chromium as Debian installs it, or where SIZEGATE_CHROMIUM says. */
export const CHROMIUM = process.env.SIZEGATE_CHROMIUM || '/usr/bin/chromium'

export interface Rendered {
  png: Buffer
  /** The page's text, as a reader would select it. */
  text: string
  /** Distinct colours in the picture: 1 for a blank one. */
  colours: number
}

/** In the page: decodes a PNG and counts its colours on a sparse grid (at most 1,000). */
const COUNT_COLOURS = `async data => {
  const image = new Image()
  image.src = 'data:image/png;base64,' + data
  await image.decode()
  const canvas = document.createElement('canvas')
  canvas.width = image.width
  canvas.height = image.height
  const context = canvas.getContext('2d')
  context.drawImage(image, 0, 0)
  const pixels = context.getImageData(0, 0, image.width, image.height).data
  const seen = new Set()
  for (let at = 0; at < pixels.length && seen.size < 1000; at += 4 * 97)
    seen.add((pixels[at] << 16) | (pixels[at + 1] << 8) | pixels[at + 2])
  return seen.size
}`

/** Opens the page headless, offline, and screenshots the comment box. */
export async function screenshot(html: string): Promise<Rendered> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // As root, without a network: no sandbox, no GPU, no background connections.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
  try {
    const page = await browser.newPage({ deviceScaleFactor: 2 })
    await page.setContent(html, { waitUntil: 'load' })
    const box = page.locator('.comment')
    const png = await box.screenshot()
    const text = await box.innerText()
    const colours = Number(
      await page.evaluate(`(${COUNT_COLOURS})(${JSON.stringify(png.toString('base64'))})`)
    )
    return { png, text, colours }
  } finally {
    await browser.close()
  }
}
