// The inputs and outputs as the README and docs/inputs.md list them, written from
// action.yml, the one place they are described.
//
//   node scripts/action-docs.mjs          rewrite both
//   node scripts/action-docs.mjs --check  fail (and say which) where either differs (npm run lint)
import { readFileSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as prettier from 'prettier'
import { parse } from 'yaml'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const read = file => readFileSync(path.join(root, file), 'utf8')
const action = parse(read('action.yml'))
const buildPush = JSON.parse(read('scripts/build-push-action.json'))

/** Markdown table cell text: pipes and angle brackets escaped, one line. */
const cell = text =>
  String(text)
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\s+/g, ' ')
    .trim()
/** A description's first sentence ("e.g." and "i.e." do not end one). */
const firstSentence = text => /^([\s\S]*?(?<!e\.g|i\.e)\.)(\s|$)/.exec(text)?.[1] ?? text
const defaultOf = input => (input.default === undefined ? '' : `\`${cell(input.default)}\``)

const table = (header, rows) =>
  [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`]
    .concat(rows.map(row => `| ${row.join(' | ')} |`))
    .join('\n')

const inputRows = (names, describe) =>
  names.map(name => {
    const input = action.inputs[name]
    return [`\`${name}\``, defaultOf(input), cell(describe(input.description))]
  })
const outputRows = describe =>
  Object.entries(action.outputs).map(([name, output]) => [
    `\`${name}\``,
    cell(describe(output.description))
  ])

const inputNames = Object.keys(action.inputs)
const own = inputNames.filter(name => !buildPush.inputs.includes(name))
const passedOn = inputNames.filter(name => buildPush.inputs.includes(name))

const readmeInputs = [
  table(['input', 'default', 'what it is'], inputRows(own, firstSentence)),
  '',
  `docker/build-push-action's inputs keep their names and syntax: ${passedOn.map(name => `\`${name}\``).join(', ')} ([how each maps](docs/build-push-action.md)). Every input in full: [docs/inputs.md](docs/inputs.md).`
].join('\n')
const readmeOutputs = table(['output', 'what it is'], outputRows(firstSentence))

const inputsPage = [
  '# Inputs and outputs',
  '',
  'Written from `action.yml` by `scripts/action-docs.mjs`; `npm run lint` checks that they agree.',
  '',
  '## Inputs',
  '',
  table(
    ['input', 'default', 'what it is'],
    inputRows(inputNames, text => text)
  ),
  '',
  '## Outputs',
  '',
  table(
    ['output', 'what it is'],
    outputRows(text => text)
  ),
  ''
].join('\n')

/** `text` with the part between the markers of `name` replaced by `body`. */
function between(text, name, body) {
  const start = `<!-- ${name}: written from action.yml by scripts/action-docs.mjs -->`
  const end = `<!-- end of ${name} -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from === -1 || to < from) throw new Error(`README.md has no ${start} … ${end}`)
  return `${text.slice(0, from + start.length)}\n\n${body}\n\n${text.slice(to)}`
}

const formatted = async (file, text) =>
  prettier.format(text, {
    ...(await prettier.resolveConfig(path.join(root, file))),
    filepath: file
  })

const wanted = {
  'README.md': await formatted(
    'README.md',
    between(between(read('README.md'), 'inputs', readmeInputs), 'outputs', readmeOutputs)
  ),
  'docs/inputs.md': await formatted('docs/inputs.md', inputsPage)
}

const check = process.argv.includes('--check')
let stale = 0
for (const [file, text] of Object.entries(wanted)) {
  let current = ''
  try {
    current = read(file)
  } catch {
    // A missing page is stale too.
  }
  if (current === text) continue
  if (check) {
    console.error(
      `${file} does not list action.yml's inputs and outputs: run node scripts/action-docs.mjs`
    )
    stale += 1
  } else writeFileSync(path.join(root, file), text)
}
process.exitCode = stale > 0 ? 1 : 0
