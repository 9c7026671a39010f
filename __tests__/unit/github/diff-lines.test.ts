import { describe, expect, it } from '@jest/globals'
import { addedLines, rightSideLines } from '../../../src/github/diff-lines.js'

describe("the lines of a PR's diff a suggestion may sit on", () => {
  it('are the added and unchanged lines of each hunk, on the new side', () => {
    const patch = [
      '@@ -1,4 +1,4 @@',
      ' FROM node:20-slim',
      '-WORKDIR /srv',
      '+WORKDIR /app',
      ' COPY package.json ./',
      ' RUN npm ci',
      '@@ -20,3 +20,4 @@ FROM node:20-slim AS production',
      ' COPY --from=builder /app/dist ./dist',
      '+COPY --from=builder /app/node_modules ./node_modules',
      ' USER node',
      ' CMD ["node", "dist/server.js"]',
      '\\ No newline at end of file'
    ].join('\n')
    expect([...rightSideLines(patch)]).toEqual([1, 2, 3, 4, 20, 21, 22, 23])
    expect(rightSideLines(undefined).size).toBe(0)
    // The lines the PR wrote: only those of a + line.
    expect([...addedLines(patch)]).toEqual([2, 21])
    expect(addedLines(undefined).size).toBe(0)
  })
})
