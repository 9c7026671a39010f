import { type InstructionInfo, workdirBefore } from '../model.js'
import { devInstallLines, imageName, LEAN_TAG } from '../shell.js'
import type { Fix, LineEdit } from './edits.js'
import { BUILD_SCRIPT, type FixFacts, productionInstall } from './rules.js'

/** Folders a build writes beside its output that the runtime never needs. */
const NOT_OUTPUT = /^(node_modules|\.npm|\.cache|\.yarn|\.pnpm-store)$/

/** The folders directly under `workdir` that the build's layer wrote: what the runtime copies. */
function outputsOf(facts: FixFacts, build: InstructionInfo, workdir: string): string[] {
  const prefix = `${workdir}/`
  const names = (facts.written.get(build.line) ?? [])
    .filter(folder => folder.startsWith(prefix))
    .map(folder => folder.slice(prefix.length).split('/')[0])
    .filter(name => !NOT_OUTPUT.test(name))
  return [...new Set(names)]
}

/**
 * A single-stage Node image that installs dev dependencies to build: split in two,
 * a build stage as the file was up to its build, and the runtime stage on the slim
 * base with production dependencies and the build's output copied in.
 */
export function multiStage(facts: FixFacts): Fix[] {
  const [stage] = facts.chain
  if (facts.chain.length !== 1 || stage.base.kind !== 'image') return []
  const { name, tag } = imageName(stage.base.ref)
  if (name !== 'node') return []
  const [installLine] = devInstallLines([stage])
  if (installLine === undefined || !facts.devLines.has(installLine)) return []
  const build = stage.instructions.find(
    item => item.keyword === 'RUN' && item.line > installLine && BUILD_SCRIPT.test(item.text)
  )
  const install = stage.instructions.find(item => item.line === installLine)
  const workdir = build && workdirBefore(stage, build.line)
  if (!build || !install || !workdir) return []
  const outputs = outputsOf(facts, build, workdir)
  const production = productionInstall(facts, install)
  if (outputs.length === 0 || !production) return []
  const buildName = facts.stages.some(other => other.name === 'build') ? 'sizegate-build' : 'build'
  const fromLine = facts.lines[stage.line - 1]
  const base = stage.baseExpression
  const runtimeBase = LEAN_TAG.test(tag)
    ? base
    : base.includes(':')
      ? `${base}-slim`
      : `${base}:slim`
  const buildStage: LineEdit = {
    from: stage.line,
    to: stage.line - 1,
    lines: [`FROM ${base} AS ${buildName}`, ...facts.lines.slice(stage.line, build.endLine), '']
  }
  const copies = outputs.map(output => `COPY --from=${buildName} /${workdir}/${output} ./${output}`)
  return [
    {
      rule: 'multi-stage',
      title: `Build in a stage of its own; the runtime stage starts from ${runtimeBase} with production dependencies and ${outputs.map(output => `/${workdir}/${output}`).join(', ')} copied in`,
      line: stage.line,
      endLine: build.endLine,
      edits: [
        buildStage,
        { from: stage.line, to: stage.line, lines: [fromLine.replace(base, runtimeBase)] },
        production,
        { from: build.line, to: build.endLine, lines: copies }
      ]
    }
  ]
}
