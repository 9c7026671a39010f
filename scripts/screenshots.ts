// npm run docs:screenshots: the demo's pull-request comment (scripts/demo.sh writes it
// to .tools/demo/pr/outputs) as GitHub shows it, folded and unfolded, saved as PNGs
// under docs/ for the README, with the markdown they show (docs/comment.md).
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { commentPage, screenshot } from './comment-page.js'
import { parseOutputs } from './github-output.js'

/** One output of a run, from the file GITHUB_OUTPUT named. */
function output(file: string, name: string): string {
  const value = parseOutputs(readFileSync(file, 'utf8'))[name]
  if (value === undefined)
    throw new Error(`${file} has no output ${name}: run scripts/demo.sh first`)
  return value
}

async function main(): Promise<void> {
  const markdown = output('.tools/demo/pr/outputs', 'comment-body')
  // The pictures' text, which the README's example is checked against.
  writeFileSync('docs/comment.md', markdown)
  for (const [file, open] of [
    ['docs/comment.png', false],
    ['docs/comment-open.png', true]
  ] as const) {
    const { png, colours } = await screenshot(commentPage(markdown, open))
    if (colours < 2) throw new Error(`${file} came out blank`)
    writeFileSync(file, png)
    console.log(`${file}: ${png.length} bytes`)
  }
  await packagesPicture()
}

/**
 * The comment's package section, from the real-engine test of a PR that copies dev
 * dependencies into the image (__tests__/integration/packages-pr.test.ts writes it), unfolded.
 */
async function packagesPicture(): Promise<void> {
  const file = '.tools/packages-comment.md'
  if (!existsSync(file))
    return console.log(`docs/packages.png: left as it is (run npm test -- packages-pr first)`)
  const { png } = await screenshot(commentPage(readFileSync(file, 'utf8'), true))
  writeFileSync('docs/packages.png', png)
  console.log(`docs/packages.png: ${png.length} bytes`)
}

main().catch((error: Error) => {
  console.error(`screenshots: ${error.message}`)
  process.exitCode = 1
})
