import { findStage, type InstructionInfo, type Stage, stageChain } from './model.js'
import { substitute } from './substitute.js'

// What a Dockerfile's instructions say, as the hints and the fixes both read them.

export const APT_INSTALL = /\bapt(-get)?\s+(-\S+\s+)*install\b/

export const RECURSIVE_OWNER = /\bch(own|mod)\s+(-\S*R\S*|--recursive)\b/

export function instructions(chain: Stage[]): InstructionInfo[] {
  return chain.flatMap(stage => stage.instructions)
}

/** COPY/ADD source paths (all arguments but the last), JSON or plain form. */
export function sources(instruction: InstructionInfo): string[] {
  const text = instruction.text.trim()
  if (text.startsWith('[')) {
    try {
      return (JSON.parse(text) as string[]).slice(0, -1)
    } catch {
      return []
    }
  }
  return text.split(/\s+/).slice(0, -1)
}

/** The shell commands of a RUN, split at `&&`, `||`, `;` and `|`. */
export function commands(text: string): string[][] {
  return text
    .split(/&&|\|\||;|\|/)
    .map(command => command.trim().split(/\s+/).filter(Boolean))
    .filter(words => words.length > 0)
}

/** `rm`, `rmdir`, or a package manager cleaning its cache: a command that only deletes files. */
export function onlyDeletes(words: string[]): boolean {
  const [tool, sub, ...args] = words
  if (tool === 'rm' || tool === 'rmdir') return true
  if ((tool === 'apt-get' || tool === 'apt') && sub === 'clean') return true
  if (sub !== 'cache') return false
  const [action] = args
  return (
    ((tool === 'npm' || tool === 'yarn') && action === 'clean') ||
    ((tool === 'pip' || tool === 'pip3') && action === 'purge')
  )
}

/** `NODE_ENV=production npm ci`: the assignments before a command. */
function withoutAssignments(words: string[]): { env: string[]; rest: string[] } {
  const split = words.findIndex(word => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word))
  return split === -1
    ? { env: words, rest: [] }
    : { env: words.slice(0, split), rest: words.slice(split) }
}

const PRODUCTION_FLAGS = /^(--omit=dev|--production|--prod|-P|--only=prod(uction)?)$/
/** Flags of a command that installs nothing of the project's: a global tool, a version, help. */
const NOT_AN_INSTALL = /^(-g|--global|--version|-v|--help|-h)$/

/**
 * The package manager of a command that installs a project's dependencies (`npm
 * ci`, `npm install`, `yarn`, `pnpm install`; not a named package or a global tool),
 * and whether it installs production ones only: by its flags old and new or by
 * NODE_ENV=production before it or in its environment.
 */
function projectInstall(
  words: string[],
  productionEnv: boolean
): { tool: string; production: boolean } | undefined {
  const { env, rest } = withoutAssignments(words)
  const [tool, sub = '', ...args] = rest
  const flags = [sub, ...args]
  if (flags.some(flag => NOT_AN_INSTALL.test(flag))) return undefined
  // Named packages (`npm install pm2`) add tools, not the project's dependencies.
  if (args.some(arg => !arg.startsWith('-'))) return undefined
  const installs =
    (tool === 'npm' && ['ci', 'install', 'i'].includes(sub)) ||
    (tool === 'pnpm' && ['install', 'i'].includes(sub)) ||
    (tool === 'yarn' && (sub === '' || sub === 'install' || sub.startsWith('-')))
  if (!installs) return undefined
  const production =
    productionEnv ||
    env.includes('NODE_ENV=production') ||
    flags.some(flag => PRODUCTION_FLAGS.test(flag))
  return { tool, production }
}

/** A command that installs a project's dependencies, dev ones included. */
export function installsDevDependencies(words: string[], productionEnv: boolean): boolean {
  return projectInstall(words, productionEnv)?.production === false
}

/** `npm prune --omit=dev`, `yarn install --production`: dev dependencies taken out again. */
function prunesDevDependencies(words: string[]): boolean {
  const { rest } = withoutAssignments(words)
  const [tool, sub, ...args] = rest
  const production = [sub, ...args].some(flag => flag && PRODUCTION_FLAGS.test(flag))
  return (
    (tool === 'npm' && sub === 'prune' && production) ||
    ((tool === 'yarn' || tool === 'pnpm') && production)
  )
}

/** `k=v k2="v 2"` (or, in ENV's old form, `k v w`) as name-value pairs, quotes removed. */
function assignments(text: string, keyword: 'ENV' | 'ARG'): [string, string | undefined][] {
  const words = [...text.matchAll(/(?:[^\s"']+|"(?:\\.|[^"\\])*"|'[^']*')+/g)].map(
    match => match[0]
  )
  const unquote = (value: string) =>
    value.replace(/"((?:\\.|[^"\\])*)"|'([^']*)'/g, (_, double?: string, single?: string) =>
      double !== undefined ? double.replace(/\\(.)/g, '$1') : (single ?? '')
    )
  const [first = ''] = words
  if (keyword === 'ENV' && !first.includes('='))
    return [[first, unquote(text.trim().slice(first.length).trim())]]
  return words.map(word => {
    const equals = word.indexOf('=')
    return equals === -1
      ? [word, undefined]
      : [word.slice(0, equals), unquote(word.slice(equals + 1))]
  })
}

/**
 * Whether NODE_ENV is `production` for each RUN of a stage chain (root first), as the
 * frontend sets it: ENV in both forms, inherited by later stages; ARG with a default,
 * for its own stage; each value expanded through the variables set before it.
 */
function productionRuns(chain: Stage[]): Map<number, boolean> {
  const production = new Map<number, boolean>()
  const env = new Map<string, string>()
  for (const stage of chain) {
    const args = new Map<string, string>()
    for (const instruction of stage.instructions) {
      const scope = new Map([...args, ...env])
      if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') {
        const into = instruction.keyword === 'ENV' ? env : args
        for (const [name, value] of assignments(instruction.text, instruction.keyword))
          if (value !== undefined) into.set(name, substitute(value, scope))
      }
      if (instruction.keyword === 'RUN')
        production.set(instruction.line, scope.get('NODE_ENV') === 'production')
    }
  }
  return production
}

/**
 * Whether a stage chain (root first) installs a project's dependencies and leaves
 * none of the dev ones: a production install, or a dev one pruned after. The one
 * definition the hints and the fixes read.
 */
export function installsProduction(chain: Stage[]): boolean {
  const production = productionRuns(chain)
  const installs = instructions(chain).some(
    run =>
      run.keyword === 'RUN' &&
      commands(run.text).some(
        words => projectInstall(words, production.get(run.line) ?? false) !== undefined
      )
  )
  return installs && devInstallsOf(chain, production).length === 0
}

/** The lines of RUNs in a stage chain (root first) that leave dev dependencies installed. */
export function devInstallLines(chain: Stage[]): number[] {
  return devInstallsOf(chain, productionRuns(chain))
}

/** devInstallLines, with NODE_ENV at each RUN already read (productionRuns). */
function devInstallsOf(chain: Stage[], production: ReadonlyMap<number, boolean>): number[] {
  // A later stage that prunes prunes what its parents installed: they are one filesystem.
  let pending: number[] = []
  for (const stage of chain) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'RUN') continue
      for (const words of commands(instruction.text)) {
        if (installsDevDependencies(words, production.get(instruction.line) ?? false))
          pending.push(instruction.line)
        else if (prunesDevDependencies(words)) pending = []
      }
    }
  }
  return [...new Set(pending)]
}

export const LEAN_TAG = /slim|alpine|distroless|jre|chiseled|minimal|nonroot/

export function imageName(ref: string): { name: string; tag: string } {
  const withoutDigest = ref.split('@')[0]
  const slash = withoutDigest.lastIndexOf('/')
  const colon = withoutDigest.lastIndexOf(':')
  const tagged = colon > slash
  return {
    name: withoutDigest.slice(slash + 1, tagged ? colon : undefined).toLowerCase(),
    tag: tagged ? withoutDigest.slice(colon + 1).toLowerCase() : 'latest'
  }
}

/** The `--from` of a COPY or RUN as written, if it has one. */
export const fromFlag = (instruction: InstructionInfo): string | undefined =>
  /--from=(\S+)/.exec(instruction.source)?.[1]

/**
 * A COPY of node_modules from a stage whose chain installed dev dependencies:
 * the stage as the COPY names it, its chain, and the line of that install.
 */
export function devNodeModulesCopy(
  copy: InstructionInfo,
  stages: Stage[]
): { from: string; chain: Stage[]; devLine: number } | undefined {
  const from = fromFlag(copy)
  if (copy.keyword !== 'COPY' || !from) return undefined
  if (!sources(copy).some(source => source.includes('node_modules'))) return undefined
  const stage = findStage(stages, from)
  if (!stage) return undefined
  const chain = stageChain(stages, stage)
  const [devLine] = devInstallLines(chain)
  return devLine === undefined ? undefined : { from, chain, devLine }
}
