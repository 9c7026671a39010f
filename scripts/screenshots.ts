// npm run docs:screenshots: the demo's pull-request comment (scripts/demo.sh writes it
// to .tools/demo/pr/outputs) as GitHub shows it, folded and unfolded, saved as PNGs
// under docs/ for the README.
import { readFileSync, writeFileSync } from 'node:fs'
import { commentPage, screenshot } from './comment-page.js'

/** One output of a run, from the file GITHUB_OUTPUT names (`name<<DELIMITER` blocks). */
function output(file: string, name: string): string {
  const text = readFileSync(file, 'utf8')
  const match = new RegExp(`^${name}<<(\\S+)\\n([\\s\\S]*?)\\n\\1$`, 'm').exec(text)
  if (!match) throw new Error(`${file} has no output ${name}: run scripts/demo.sh first`)
  return match[2]
}

async function main(): Promise<void> {
  const markdown = output('.tools/demo/pr/outputs', 'comment-body')
  for (const [file, open] of [
    ['docs/comment.png', false],
    ['docs/comment-open.png', true]
  ] as const) {
    const { png, colours } = await screenshot(commentPage(markdown, open))
    if (colours < 2) throw new Error(`${file} came out blank`)
    writeFileSync(file, png)
    console.log(`${file}: ${png.length} bytes`)
  }
}

main().catch((error: Error) => {
  console.error(`screenshots: ${error.message}`)
  process.exitCode = 1
})
