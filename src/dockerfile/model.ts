import { DockerfileParser, type Instruction } from 'dockerfile-ast'
import { substitute } from './substitute.js'

/** One instruction of a stage, with the Dockerfile lines it spans (1-based). */
export interface InstructionInfo {
  keyword: string
  line: number
  endLine: number
  /** The arguments as the frontend sees them: continuations joined, flags left out. */
  text: string
  /** Names of the instruction's flags, such as `from` of COPY --from. */
  flags: string[]
  /** The instruction as written: keyword, flags and arguments, continuation lines joined. */
  source: string
}

type StageRef =
  | { kind: 'stage'; index: number }
  | { kind: 'image'; ref: string }
  | { kind: 'unknown'; name: string; line: number; via: string }

export interface Stage {
  index: number
  /** Stage name as written, or undefined for an unnamed stage. */
  name?: string
  /** Line of the FROM instruction (1-based). */
  line: number
  /** The FROM instruction as written. */
  source: string
  /** The FROM image expression as written, e.g. `node:${NODE_VERSION}-alpine`. */
  baseExpression: string
  /** What FROM resolves to with the build args: another stage, or an image reference. */
  base: StageRef
  /** The `--platform` flag of FROM, as written. */
  platformFlag?: string
  instructions: InstructionInfo[]
  /** Other stages or images this stage reads from: COPY --from, RUN --mount=from. */
  uses: StageRef[]
}

export interface DockerfileModel {
  /** The Dockerfile's text, as parsed: what fixes edit. */
  text: string
  escape: string
  /** ARGs before the first FROM, with their defaults. */
  globalArgs: { name: string; defaultValue?: string }[]
  /** Every ARG name declared anywhere. */
  declaredArgs: Set<string>
  stages: Stage[]
}

/** Args that BuildKit defines without an ARG in the global scope. */
export function platformArgs(buildPlatform: string, targetPlatform: string): Map<string, string> {
  const split = (platform: string): [string, string, string] => {
    const [os = '', arch = '', variant = ''] = platform.split('/')
    return [os, arch, variant]
  }
  const [buildOs, buildArch, buildVariant] = split(buildPlatform)
  const [targetOs, targetArch, targetVariant] = split(targetPlatform)
  return new Map([
    ['BUILDPLATFORM', buildPlatform],
    ['BUILDOS', buildOs],
    ['BUILDARCH', buildArch],
    ['BUILDVARIANT', buildVariant],
    ['TARGETPLATFORM', targetPlatform],
    ['TARGETOS', targetOs],
    ['TARGETARCH', targetArch],
    ['TARGETVARIANT', targetVariant]
  ])
}

export interface ParseOptions {
  /** Build args given by the user. */
  buildArgs: ReadonlyMap<string, string>
  /** Predefined platform args (see platformArgs). */
  predefined: ReadonlyMap<string, string>
}

/** Lines `first`..`last` (1-based) as one: escapes at line ends and comment lines dropped. */
function joinedSource(lines: string[], first: number, last: number, escape: string): string {
  return lines
    .slice(first - 1, last)
    .map(line => line.trim())
    .filter(line => !line.startsWith('#'))
    .map(line => (line.endsWith(escape) ? line.slice(0, -escape.length) : line).trim())
    .filter(Boolean)
    .join(' ')
}

function info(instruction: Instruction, lines: string[], escape: string): InstructionInfo {
  const range = instruction.getRange()
  const line = range.start.line + 1
  const endLine = range.end.line + 1
  return {
    keyword: instruction.getKeyword(),
    line,
    endLine,
    text: (instruction.getArgumentsContent() ?? '').trim(),
    flags: flags(instruction).map(flag => flag.getName()),
    source: joinedSource(lines, line, endLine, escape)
  }
}

function flags(instruction: Instruction) {
  const withFlags = instruction as unknown as {
    getFlags?: () => {
      getName(): string
      getValue(): string | null
      getOptions(): { getName(): string; getValue(): string | null }[]
    }[]
  }
  return withFlags.getFlags ? withFlags.getFlags() : []
}

/** The global scope: predefined args, then each global ARG's default or the build arg. */
function globalScope(
  globalArgs: DockerfileModel['globalArgs'],
  options: ParseOptions,
  escape: string
): Map<string, string> {
  const scope = new Map(options.predefined)
  for (const arg of globalArgs) {
    const given = options.buildArgs.get(arg.name)
    if (given !== undefined) scope.set(arg.name, given)
    else if (arg.defaultValue !== undefined)
      scope.set(arg.name, substitute(arg.defaultValue, scope, escape))
  }
  return scope
}

/**
 * Reads a Dockerfile into stages, with FROM resolved through the global ARGs and
 * the build args, and each stage's references to other stages or images.
 */
export function parseDockerfile(content: string, options: ParseOptions): DockerfileModel {
  const dockerfile = DockerfileParser.parse(content)
  const escape = dockerfile.getEscapeCharacter()
  const lines = content.split(/\r?\n/)
  const globalArgs = dockerfile.getInitialARGs().flatMap(arg => {
    const property = arg.getProperty()
    if (!property) return []
    return [{ name: property.getName(), defaultValue: property.getValue() ?? undefined }]
  })
  const scope = globalScope(globalArgs, options, escape)
  const declaredArgs = new Set<string>()
  const stages: Stage[] = []
  const pendingUses: { stage: Stage; value: string; line: number; via: string }[] = []

  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword()
    if (keyword === 'ARG') {
      for (const arg of instruction.getArguments()) declaredArgs.add(arg.getValue().split('=')[0])
    }
    if (keyword === 'FROM') {
      stages.push(
        fromInstruction(info(instruction, lines, escape), instruction, stages, scope, escape)
      )
      continue
    }
    const stage = stages[stages.length - 1]
    if (!stage) continue
    const described = info(instruction, lines, escape)
    stage.instructions.push(described)
    for (const flag of flags(instruction)) {
      if (keyword === 'COPY' && flag.getName() === 'from' && flag.getValue()) {
        pendingUses.push({
          stage,
          value: flag.getValue() as string,
          line: described.line,
          via: 'COPY --from'
        })
      }
      if (keyword === 'RUN' && flag.getName() === 'mount') {
        const from = flag
          .getOptions()
          .find(option => option.getName() === 'from')
          ?.getValue()
        if (from)
          pendingUses.push({
            stage,
            value: from,
            line: described.line,
            via: 'RUN --mount from'
          })
      }
    }
  }
  // Names may point to any stage of the file, so resolve once all are known.
  for (const use of pendingUses) {
    use.stage.uses.push(resolveRef(substitute(use.value, scope, escape), stages, use.line, use.via))
  }
  return { text: content, escape, globalArgs, declaredArgs, stages }
}

function fromInstruction(
  described: InstructionInfo,
  instruction: Instruction,
  earlier: Stage[],
  scope: ReadonlyMap<string, string>,
  escape: string
): Stage {
  const from = instruction as unknown as {
    getImage(): string | null
    getBuildStage(): string | null
  }
  const baseExpression = from.getImage() ?? ''
  const platform = flags(instruction).find(flag => flag.getName() === 'platform')
  const resolved = substitute(baseExpression, scope, escape)
  const byName = earlier.find(stage => stage.name?.toLowerCase() === resolved.toLowerCase())
  return {
    index: earlier.length,
    name: from.getBuildStage() ?? undefined,
    line: described.line,
    source: described.source,
    baseExpression,
    base: byName ? { kind: 'stage', index: byName.index } : { kind: 'image', ref: resolved },
    platformFlag: platform?.getValue() ?? undefined,
    instructions: [],
    uses: []
  }
}

/** A reference is image-like when it has a registry, a path, a tag or a digest. */
function looksLikeImage(value: string): boolean {
  return /[/:@]/.test(value)
}

/** The stage a `--from` value names: by index or by name (any case); undefined for none. */
export function findStage(stages: Stage[], value: string): Stage | undefined {
  if (/^[0-9]+$/.test(value)) return stages[Number(value)]
  return stages.find(candidate => candidate.name?.toLowerCase() === value.toLowerCase())
}

/** The stage and the stages it is built FROM, root first: their instructions make its layers. */
export function stageChain(stages: Stage[], stage: Stage): Stage[] {
  const chain = [stage]
  for (let base = stage.base; base.kind === 'stage'; base = chain[0].base)
    chain.unshift(stages[base.index])
  return chain
}

function resolveRef(value: string, stages: Stage[], line: number, via: string): StageRef {
  const stage = findStage(stages, value)
  if (stage) return { kind: 'stage', index: stage.index }
  if (/^[0-9]+$/.test(value) || !looksLikeImage(value))
    return { kind: 'unknown', name: value, line, via }
  return { kind: 'image', ref: value }
}

/** A stage's display name: its name, or its index as docker accepts it in --target-less builds. */
export function stageLabel(stage: Stage): string {
  return stage.name ?? String(stage.index)
}

/** The absolute WORKDIR in force before `line`, without its leading slash; undefined if relative or unset. */
export function workdirBefore(stage: Stage, line: number): string | undefined {
  const workdirs = stage.instructions.filter(item => item.keyword === 'WORKDIR' && item.line < line)
  const last = workdirs[workdirs.length - 1]?.text.trim()
  return last?.startsWith('/') ? last.replace(/^\/+|\/+$/g, '') : undefined
}
