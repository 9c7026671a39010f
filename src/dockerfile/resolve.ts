import { SettingError, UserError } from '../errors.js'
import { Inputs } from '../input-names.js'
import { type DockerfileModel, type Stage, stageChain } from './model.js'
import { didYouMean } from './suggest.js'

/** The name a target goes by in reports, logs and cache scopes. */
const DEFAULT_TARGET = 'default'

export interface ResolvedTarget {
  /** The user's target name, or DEFAULT_TARGET for an unnamed last stage. */
  name: string
  /** Passed as --target; undefined builds the last stage, as docker does. */
  buildTarget?: string
  stage: Stage
  /** The stage and the stages it is built FROM, root first: their instructions make the image's layers. */
  chain: Stage[]
  /** Every stage the build runs, by index, ascending. */
  needs: number[]
  /** The stages up to and including the target's: what the legacy builder runs. */
  upToTarget: Stage[]
  /** Every stage of the Dockerfile: where COPY --from names point. */
  stages: Stage[]
  /** The Dockerfile's text the target was resolved from. */
  text: string
}

export interface Resolution {
  targets: ResolvedTarget[]
  warnings: string[]
}

function stageNames(model: DockerfileModel): string[] {
  return model.stages.flatMap(stage => (stage.name ? [stage.name] : []))
}

function findTarget(model: DockerfileModel, target: string, fileLabel: string): Stage {
  const stage = model.stages.find(
    candidate => candidate.name?.toLowerCase() === target.toLowerCase()
  )
  if (stage) return stage
  const names = stageNames(model)
  const suggestion = didYouMean(target, names)
  const hint = suggestion
    ? `did you mean "${suggestion}"?`
    : names.length > 0
      ? `expected one of: ${names.join(', ')}`
      : 'the Dockerfile names no stage (use FROM image AS name)'
  throw new SettingError(Inputs.targets, `no stage "${target}" in ${fileLabel}; ${hint}`)
}

/** Checks each stage the target needs; unknown COPY --from names fail when they look like a typo. */
function needsOf(
  model: DockerfileModel,
  stage: Stage,
  fileLabel: string,
  warnings: string[]
): number[] {
  const seen = new Set<number>()
  const visit = (current: Stage): void => {
    if (seen.has(current.index)) return
    seen.add(current.index)
    for (const ref of [current.base, ...current.uses]) {
      if (ref.kind === 'stage') visit(model.stages[ref.index])
      if (ref.kind !== 'unknown') continue
      const suggestion = didYouMean(ref.name, stageNames(model))
      const where = `${fileLabel}:${ref.line}: ${ref.via}=${ref.name}`
      if (suggestion)
        throw new UserError(`${where}: no stage "${ref.name}"; did you mean "${suggestion}"?`)
      if (/^[0-9]+$/.test(ref.name)) {
        throw new UserError(
          `${where}: no stage ${ref.name}; the file has stages 0 to ${model.stages.length - 1}`
        )
      }
      warnings.push(`${where} names no stage; docker will pull it as the image "${ref.name}"`)
    }
  }
  visit(stage)
  return [...seen].sort((a, b) => a - b)
}

/** Picks the stages to build (default: the last) and checks what each needs. */
export function resolveTargets(
  model: DockerfileModel,
  targets: string[],
  fileLabel: string
): Resolution {
  if (model.stages.length === 0) {
    throw new SettingError(
      Inputs.file,
      `${fileLabel} has no FROM instruction; expected a Dockerfile`
    )
  }
  const warnings: string[] = []
  const picked =
    targets.length > 0
      ? targets.map(target => findTarget(model, target, fileLabel))
      : [model.stages[model.stages.length - 1]]
  const resolved = picked.map(stage => ({
    name: stage.name ?? DEFAULT_TARGET,
    buildTarget: targets.length > 0 ? stage.name : undefined,
    stage,
    chain: stageChain(model.stages, stage),
    needs: needsOf(model, stage, fileLabel, warnings),
    upToTarget: model.stages.slice(0, stage.index + 1),
    stages: model.stages,
    text: model.text
  }))
  return { targets: resolved, warnings }
}
