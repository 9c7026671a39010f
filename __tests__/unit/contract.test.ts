import { expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { Inputs, Outputs } from '../../src/input-names.js'
import { TOOL_VERSION } from '../../src/version.js'

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')

it('reports the version of package.json', () => {
  const pkg = JSON.parse(read('package.json')) as { version: string }
  expect(TOOL_VERSION).toBe(pkg.version)
})

it('action.yml declares exactly the inputs and outputs the code reads and writes', () => {
  const action = read('action.yml')
  const names = (section: string) =>
    [...section.matchAll(/^ {2}([a-z-]+):$/gm)].map(match => match[1]).sort()
  const [, afterInputs] = action.split(/^inputs:$/m)
  const [inputs, afterOutputs] = afterInputs.split(/^outputs:$/m)
  const [outputs] = afterOutputs.split(/^runs:$/m)
  expect(names(inputs)).toEqual(Object.values(Inputs).sort())
  expect(names(outputs)).toEqual(Object.values(Outputs).sort())
  expect(action).toMatch(/using: node24\n\s+main: dist\/index\.js/)
})
