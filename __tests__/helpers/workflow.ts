import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { parse } from 'yaml'
import { repoRoot } from './engine.js'

interface Step {
  uses?: string
  with?: Record<string, unknown>
}

interface Workflow {
  on?: unknown
  permissions?: Record<string, string>
  jobs?: Record<string, { steps?: Step[] }>
}

/** The inputs action.yml declares. */
export function actionInputs(): Set<string> {
  return new Set(Object.keys(actionYml().inputs))
}

/** action.yml's output names. */
export function actionOutputs(): Set<string> {
  return new Set(Object.keys(actionYml().outputs))
}

function actionYml(): { inputs: Record<string, unknown>; outputs: Record<string, unknown> } {
  return parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
    inputs: Record<string, unknown>
    outputs: Record<string, unknown>
  }
}

/** A workflow's text, parsed; and the `with:` keys of its sizegate steps. */
export function sizegateSteps(text: string): { workflow: Workflow; keys: string[] } {
  const workflow = parse(text) as Workflow
  const steps = Object.values(workflow.jobs ?? {}).flatMap(job => job.steps ?? [])
  const ours = steps.filter(step => step.uses?.includes('/sizegate@'))
  return { workflow, keys: ours.flatMap(step => Object.keys(step.with ?? {})) }
}
