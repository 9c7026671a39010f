import type { HiddenByLine } from '../hints.js'
import { posix } from 'node:path'
import { type InstructionInfo, type Stage, stageChain, workdirBefore } from '../model.js'
import {
  APT_INSTALL,
  commands,
  devInstallLines,
  devNodeModulesCopy,
  imageName,
  installsDevDependencies,
  installsProduction,
  instructions,
  LEAN_TAG,
  onlyDeletes,
  RECURSIVE_OWNER
} from '../shell.js'
import type { Fix, LineEdit } from './edits.js'

/** What the fixes read: the Dockerfile's own lines, its model, and what the image showed. */
export interface FixFacts {
  /** The Dockerfile's lines as written (index 0 is line 1). */
  lines: string[]
  /** The target and the stages it is built FROM. */
  chain: Stage[]
  stages: Stage[]
  hidden: HiddenByLine[]
  /** The folders each line's layer wrote, two levels deep (`app/dist`), largest first. */
  written: ReadonlyMap<number, string[]>
  /** Lines whose layers hold dev packages worth dropping: dev-dependency fixes only where they save. */
  devLines: ReadonlySet<number>
}

/** A RUN in shell form: its raw lines may be edited as text. */
const shellRun = (instruction: InstructionInfo): boolean =>
  instruction.keyword === 'RUN' && !instruction.text.trim().startsWith('[')

/** The instruction's raw lines, with their numbers. */
function rawLines(facts: FixFacts, instruction: InstructionInfo): [number, string][] {
  const numbers = Array.from(
    { length: instruction.endLine - instruction.line + 1 },
    (_, index) => instruction.line + index
  )
  return numbers.map(line => [line, facts.lines[line - 1] ?? ''])
}

/**
 * An edit that puts `flag` after the first match of `pattern` on the instruction's
 * lines (formatting, comments and continuations kept); undefined where none matches.
 */
function flagAfter(
  facts: FixFacts,
  instruction: InstructionInfo,
  pattern: RegExp,
  flag: string
): LineEdit | undefined {
  for (const [line, text] of rawLines(facts, instruction)) {
    const match = pattern.exec(text)
    if (!match) continue
    const at = match.index + match[0].length
    return { from: line, to: line, lines: [`${text.slice(0, at)} ${flag}${text.slice(at)}`] }
  }
  return undefined
}

/** An edit that adds `command` to the end of a RUN (after its last line's text). */
function appendCommand(facts: FixFacts, instruction: InstructionInfo, command: string): LineEdit {
  const line = instruction.endLine
  return { from: line, to: line, lines: [`${facts.lines[line - 1].trimEnd()} && ${command}`] }
}

/** The instruction's lines removed. */
const removal = (instruction: InstructionInfo): LineEdit => ({
  from: instruction.line,
  to: instruction.endLine,
  lines: []
})

function fix(rule: Fix['rule'], title: string, edits: (LineEdit | undefined)[]): Fix[] {
  const present = edits.filter((edit): edit is LineEdit => edit !== undefined)
  if (present.length === 0) return []
  const lines = present.flatMap(edit => [edit.from, Math.max(edit.from, edit.to)])
  return [{ rule, title, edits: present, line: Math.min(...lines), endLine: Math.max(...lines) }]
}

const APT_INSTALL_WORD = /\bapt(?:-get)?(?:\s+-\S+)*\s+install\b/
const APT_LISTS = /\/var\/lib\/apt\/lists/

/**
 * apt-get install: its lists removed in the same RUN (the same files otherwise);
 * and, a fix of its own since it removes packages, only the packages named.
 */
function aptInstall(facts: FixFacts): Fix[] {
  return instructions(facts.chain)
    .filter(run => shellRun(run) && APT_INSTALL.test(run.text))
    .flatMap(run => {
      const recommends = !run.text.includes('--no-install-recommends')
      const clean = APT_LISTS.test(run.text)
        ? undefined
        : appendCommand(facts, run, 'rm -rf /var/lib/apt/lists/*')
      const flag = recommends
        ? flagAfter(facts, run, APT_INSTALL_WORD, '--no-install-recommends')
        : undefined
      // One line may take both: the flag's edit, then the command appended to it.
      const edits =
        flag && clean && flag.from === clean.from
          ? [{ ...flag, lines: [`${flag.lines[0].trimEnd()} && rm -rf /var/lib/apt/lists/*`] }]
          : [flag, clean]
      return [
        ...fix('apt-lists', 'Remove apt lists in the same RUN', [clean]),
        ...(flag
          ? fix(
              'no-install-recommends',
              'Install only the packages named, and remove apt lists in the same RUN',
              edits
            )
          : [])
      ]
    })
}

const INSTALL_WORD: Record<string, RegExp> = {
  npm: /\bnpm\s+(?:ci|install|i)\b/,
  yarn: /\byarn(?:\s+install)?\b/,
  pnpm: /\bpnpm\s+(?:install|i)\b/
}
const PRODUCTION_FLAG: Record<string, string> = {
  npm: '--omit=dev',
  yarn: '--production',
  pnpm: '--prod'
}
export const BUILD_SCRIPT =
  /\b(npm\s+run|yarn|pnpm(\s+run)?)\s+build\b|\b(tsc|webpack|vite\s+build|next\s+build)\b/

/** The package manager of a RUN that installs dev dependencies. */
function devInstaller(run: InstructionInfo): string | undefined {
  for (const words of commands(run.text)) {
    if (!installsDevDependencies(words, false)) continue
    return words.find(word => word in INSTALL_WORD)
  }
  return undefined
}

/** The edit that makes a dev install production: its tool's flag after its install word. */
export function productionInstall(facts: FixFacts, run: InstructionInfo): LineEdit | undefined {
  const tool = shellRun(run) ? devInstaller(run) : undefined
  return tool ? flagAfter(facts, run, INSTALL_WORD[tool], PRODUCTION_FLAG[tool]) : undefined
}

/** A dev install in the final stage that no later step builds with: install production dependencies only. */
function omitDev(facts: FixFacts): Fix[] {
  const stage = facts.chain[facts.chain.length - 1]
  const lines = new Set(devInstallLines(facts.chain))
  return stage.instructions
    .filter(run => shellRun(run) && lines.has(run.line) && facts.devLines.has(run.line))
    .flatMap(run => {
      const builds = stage.instructions.some(
        later => later.line > run.line && later.keyword === 'RUN' && BUILD_SCRIPT.test(later.text)
      )
      if (builds) return []
      return fix('omit-dev', 'Install production dependencies only', [
        productionInstall(facts, run)
      ])
    })
}

/** The name a new stage can take: `wanted`, or `wanted-2`… where that is taken. */
function freeName(stages: Stage[], wanted: string): string {
  const taken = (name: string) => stages.some(stage => stage.name?.toLowerCase() === name)
  let name = wanted
  for (let count = 2; taken(name); count++) name = `${wanted}-${count}`
  return name
}

/**
 * node_modules copied from a stage that installed dev dependencies: copied instead
 * from a stage that installs production ones, written (as that stage up to its
 * install, with the install made production) where the file has none.
 */
function productionNodeModules(facts: FixFacts): Fix[] {
  const final = facts.chain[facts.chain.length - 1]
  return final.instructions.flatMap(copy => {
    const dev = facts.devLines.has(copy.line) ? devNodeModulesCopy(copy, facts.stages) : undefined
    if (!dev) return []
    const { from, chain, devLine } = dev
    const source = chain[chain.length - 1]
    const flagLine = facts.lines[copy.line - 1]
    const production = facts.stages.find(
      stage =>
        stage !== source &&
        stage.name &&
        stage.index < final.index &&
        installsProduction(stageChain(facts.stages, stage))
    )
    const replaceFrom = (name: string): LineEdit => ({
      from: copy.line,
      to: copy.line,
      lines: [flagLine.replace(`--from=${from}`, `--from=${name}`)]
    })
    if (production?.name)
      return fix(
        'production-node-modules',
        `Copy node_modules from ${production.name}, which installs production dependencies only`,
        [replaceFrom(production.name)]
      )
    const written = productionStage(
      facts,
      chain,
      devLine,
      freeName(facts.stages, 'production-deps')
    )
    if (!written) return []
    return fix(
      'production-node-modules',
      `Copy node_modules from a stage that installs production dependencies only`,
      [written.edit(final.line), replaceFrom(written.name)]
    )
  })
}

/**
 * A stage that does what `chain`'s last stage does up to its dev install, with the
 * install made production: its own lines, written before the final stage.
 */
function productionStage(
  facts: FixFacts,
  chain: Stage[],
  devLine: number,
  name: string
): { name: string; edit: (before: number) => LineEdit } | undefined {
  const stage = chain[chain.length - 1]
  const install = stage.instructions.find(run => run.line === devLine)
  const production = install && chain.length === 1 ? productionInstall(facts, install) : undefined
  if (!install || !production) return undefined
  const from = facts.lines[stage.line - 1].replace(/\s+AS\s+\S+\s*$/i, '').trimEnd()
  const body = facts.lines.slice(stage.line, install.endLine).map((text, index) => {
    const line = stage.line + 1 + index
    return line === production.from ? production.lines[0] : text
  })
  return {
    name,
    edit: before => ({ from: before, to: before - 1, lines: [`${from} AS ${name}`, ...body, ''] })
  }
}

/** `dir` resolved against the WORKDIR in force before `line` (no leading or trailing slash); undefined when unknown. */
function resolvedAt(stage: Stage, line: number, dir: string): string | undefined {
  if (dir.startsWith('/')) return dir.replace(/^\/+|\/+$/g, '')
  const workdir = workdirBefore(stage, line)
  if (workdir === undefined) return undefined
  return posix.join(workdir, dir).replace(/^\.$/, '').replace(/\/+$/, '')
}

/** A `chown -R owner path…` or `chmod -R mode path…`, or undefined for any other command. */
function recursiveOwnership(
  words: string[]
): { tool: string; value: string; paths: string[] } | undefined {
  const [tool, ...args] = words
  if (tool !== 'chown' && tool !== 'chmod') return undefined
  const recursive = args.some(arg => /^-\w*R\w*$/.test(arg) || arg === '--recursive')
  const [value, ...paths] = args.filter(arg => !arg.startsWith('-'))
  return recursive && value && paths.length > 0 ? { tool, value, paths } : undefined
}

/**
 * A `RUN chown -R` (or `chmod -R`) over files COPY lines wrote: the owner and mode
 * set as they land, `COPY --chown=…` on every one of them, as one fix, since each
 * alone leaves the others' files as they were. A folder no COPY makes (WORKDIR's)
 * keeps its owner by a chown of itself alone.
 */
function copyChown(facts: FixFacts): Fix[] {
  const byLine = new Map(instructions(facts.chain).map(item => [item.line, item]))
  const hiders = [...new Set(facts.hidden.map(pair => pair.hiderLine))]
  return hiders.flatMap(hiderLine => {
    const run = byLine.get(hiderLine)
    if (!run || !shellRun(run) || !RECURSIVE_OWNER.test(run.text)) return []
    const stage = facts.chain.find(item => item.instructions.includes(run))
    const changes = commands(run.text).map(recursiveOwnership)
    // Mechanical only where the RUN does nothing else and only COPY lines wrote what it changed.
    if (!stage || changes.some(change => change === undefined)) return []
    const writers = facts.hidden
      .filter(pair => pair.hiderLine === hiderLine)
      .map(pair => byLine.get(pair.writerLine))
    const copies = [...new Set(writers)]
    if (copies.some(copy => !copy || (copy.keyword !== 'COPY' && copy.keyword !== 'ADD'))) return []
    const owned = changes as NonNullable<(typeof changes)[number]>[]
    const flags = [...new Set(owned.map(change => `--${change.tool}=${change.value}`))]
    const copyEdits = (copies as InstructionInfo[]).map(copy => {
      const added = flags.filter(flag => !copy.flags.includes(flag.slice(2, flag.indexOf('='))))
      const keyword = new RegExp(`\\b${copy.keyword}\\b`, 'i')
      return added.length > 0 ? flagAfter(facts, copy, keyword, added.join(' ')) : undefined
    })
    if (copyEdits.every(edit => edit === undefined)) return []
    // Folders the COPY lines make take their flags; any other (WORKDIR's) keeps its own owner by itself.
    const made = new Set(
      (copies as InstructionInfo[]).flatMap(copy => {
        const destination = resolvedAt(stage, copy.line, copy.text.trim().split(/\s+/).pop() ?? '')
        return destination === workdirBefore(stage, copy.line) ? [] : [destination]
      })
    )
    const kept = owned.flatMap(change => {
      const paths = change.paths.filter(path => !made.has(resolvedAt(stage, run.line, path)))
      return paths.length > 0 ? [`${change.tool} ${change.value} ${paths.join(' ')}`] : []
    })
    const runEdit: LineEdit =
      kept.length > 0
        ? { from: run.line, to: run.endLine, lines: [`RUN ${kept.join(' && ')}`] }
        : removal(run)
    const where = `${copies.length} ${copies.length === 1 ? 'line' : 'lines'}`
    return fix(
      'copy-chown',
      `Set owner and mode as the files land: ${flags.join(' ')} on ${where}${kept.length > 0 ? `, and ${kept.join(' && ')} for the folder itself` : ''}`,
      [...copyEdits, runEdit]
    )
  })
}

const PIP_INSTALL = /\b(?:pip3?|python3?\s+-m\s+pip)\s+install\b/
const APK_ADD = /\bapk\s+add\b/

/** pip and apk without their caches in the image. */
function noCacheFlags(facts: FixFacts): Fix[] {
  return instructions(facts.chain)
    .filter(shellRun)
    .flatMap(run => [
      ...(PIP_INSTALL.test(run.text) && !run.text.includes('--no-cache-dir')
        ? fix('pip-no-cache', "Keep pip's download cache out of the image", [
            flagAfter(facts, run, PIP_INSTALL, '--no-cache-dir')
          ])
        : []),
      ...(APK_ADD.test(run.text) && !run.text.includes('--no-cache')
        ? fix('apk-no-cache', "Keep apk's index out of the image", [
            flagAfter(facts, run, APK_ADD, '--no-cache')
          ])
        : [])
    ])
}

/** Images with a `-slim` variant of every tag. */
const SLIM_VARIANTS = /^(node|python|ruby|debian)$/

/** The final stage's full base image, by its slim variant: `node:20` → `node:20-slim`. */
function slimBase(facts: FixFacts): Fix[] {
  const root = facts.chain[0]
  if (root?.base.kind !== 'image') return []
  const { name, tag } = imageName(root.base.ref)
  if (!SLIM_VARIANTS.test(name) || LEAN_TAG.test(tag) || root.base.ref.includes('@')) return []
  const expression = root.baseExpression
  const slim = expression.includes(':') ? `${expression}-slim` : `${expression}:slim`
  const text = facts.lines[root.line - 1]
  if (!text.includes(expression)) return []
  return fix('slim-base', `Start from ${slim}`, [
    { from: root.line, to: root.line, lines: [text.replace(expression, slim)] }
  ])
}

/** Files a later RUN only deletes: deleted in the RUN that writes them, which then ships none of them. */
function deleteWhereWritten(facts: FixFacts): Fix[] {
  const byLine = new Map(instructions(facts.chain).map(item => [item.line, item]))
  const stageOf = (line: number) =>
    facts.chain.find(stage => stage.instructions.some(item => item.line === line))
  return facts.hidden.flatMap(pair => {
    const writer = byLine.get(pair.writerLine)
    const hider = byLine.get(pair.hiderLine)
    if (!writer || !hider || !shellRun(writer) || !shellRun(hider)) return []
    if (stageOf(writer.line) !== stageOf(hider.line)) return []
    const deletions = commands(hider.text)
    if (!deletions.every(onlyDeletes)) return []
    return fix(
      'delete-where-written',
      `Delete in the RUN on line ${writer.line}, which then ships none of it`,
      [
        appendCommand(facts, writer, deletions.map(words => words.join(' ')).join(' && ')),
        removal(hider)
      ]
    )
  })
}

export const RULES: ((facts: FixFacts) => Fix[])[] = [
  aptInstall,
  omitDev,
  productionNodeModules,
  copyChown,
  noCacheFlags,
  slimBase,
  deleteWhereWritten
]
