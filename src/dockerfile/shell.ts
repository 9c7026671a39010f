import { findStage, type InstructionInfo, type Stage, stageChain } from './model.js'

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

/** `NODE_ENV=production npm ci`: the assignments before a command. */
function withoutAssignments(words: string[]): { env: string[]; rest: string[] } {
  const split = words.findIndex(word => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word))
  return split === -1
    ? { env: words, rest: [] }
    : { env: words.slice(0, split), rest: words.slice(split) }
}

const PRODUCTION_FLAGS = /^(--omit=dev|--production|--prod|-P|--only=prod(uction)?)$/

/** A command that installs a project's dependencies, dev ones included. */
export function installsDevDependencies(words: string[], productionEnv: boolean): boolean {
  const { env, rest } = withoutAssignments(words)
  const [tool, sub = '', ...args] = rest
  const flags = [sub, ...args]
  if (productionEnv || env.includes('NODE_ENV=production')) return false
  if (flags.some(flag => PRODUCTION_FLAGS.test(flag) || flag === '-g' || flag === '--global'))
    return false
  // Named packages (`npm install pm2`) add tools, not the project's dev dependencies.
  const named = args.some(arg => !arg.startsWith('-'))
  if (tool === 'npm') return ['ci', 'install', 'i'].includes(sub) && !named
  if (tool === 'pnpm') return ['install', 'i'].includes(sub) && !named
  if (tool === 'yarn') return (sub === '' || sub === 'install') && !named
  return false
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

/** The lines of RUNs in `stages` that leave dev dependencies installed. */
export function devInstallLines(stages: Stage[]): number[] {
  const lines: number[] = []
  for (const stage of stages) {
    let production = false
    let pending: number[] = []
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'ENV' && /\bNODE_ENV=["']?production\b/.test(instruction.text))
        production = true
      if (instruction.keyword !== 'RUN') continue
      for (const words of commands(instruction.text)) {
        if (installsDevDependencies(words, production)) pending.push(instruction.line)
        else if (prunesDevDependencies(words)) pending = []
      }
    }
    lines.push(...new Set(pending))
  }
  return lines
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
