import type { Stage } from '../dockerfile/model.js'
import { stageLabel } from '../dockerfile/model.js'
import type { ImageHistoryEntry } from './archive.js'

/** Where a layer came from in the Dockerfile. */
export interface LayerOrigin {
  /** 1-based Dockerfile line of the instruction; the FROM line for base-image layers. */
  line: number
  stage: string
  /** The instruction keyword, or FROM for base-image layers. */
  instruction: string
  /** The instruction as written in the Dockerfile (the FROM for base-image layers); null without one. */
  source: string | null
}

/**
 * The instruction keyword of a history `created_by`, for BuildKit
 * (`RUN /bin/sh -c … # buildkit`, `COPY /src /dst # buildkit`) and the classic
 * builder (`/bin/sh -c #(nop) COPY …`, `|1 A=b /bin/sh -c …` for RUN).
 */
export function instructionOf(createdBy: string | undefined): string {
  const text = (createdBy ?? '').trim()
  const nop = /#\(nop\)\s+([A-Z]+)/.exec(text)
  if (nop) return nop[1]
  const keyword = /^([A-Z]+)\b/.exec(text)
  if (keyword) return keyword[1]
  return /^(\|\d+ .*)?\/bin\/sh -c /.test(text) ? 'RUN' : ''
}

/**
 * The whole history, empty entries included, when it accounts for every layer;
 * else one blank (layer-making) entry per layer.
 */
export function fullHistory(
  history: ImageHistoryEntry[] | undefined,
  layerCount: number
): ImageHistoryEntry[] {
  const made = (history ?? []).filter(entry => !entry.empty_layer)
  if (made.length !== layerCount) return Array.from({ length: layerCount }, () => ({}))
  return history ?? []
}

/** Each history entry's origin (empty entries included), and how many the Dockerfile made. */
interface Walk {
  origins: LayerOrigin[]
  matched: number
}

/**
 * Walking back through the whole history, empty entries included (an instruction
 * that changed no file still has its entry, which keeps a base-image layer off its
 * line), each entry is matched to the latest unmatched instruction of its keyword
 * in the target's stage chain; the first one that matches nothing, and all before
 * it, came with the base image and belong to the root stage's FROM line.
 */
function walkHistory(history: ImageHistoryEntry[], chain: Stage[]): Walk {
  const instructions = chain.flatMap(stage =>
    stage.instructions.map(instruction => ({ ...instruction, stage: stageLabel(stage) }))
  )
  const root = chain[0]
  const origins: LayerOrigin[] = new Array(history.length)
  let next = instructions.length - 1
  let index = history.length - 1
  for (; index >= 0; index--) {
    const keyword = instructionOf(history[index].created_by)
    let match = next
    while (match >= 0 && instructions[match].keyword !== keyword) match--
    if (match < 0) break
    const instruction = instructions[match]
    origins[index] = {
      line: instruction.line,
      stage: instruction.stage,
      instruction: keyword,
      source: instruction.source
    }
    next = match - 1
  }
  const matched = history.length - 1 - index
  for (; index >= 0; index--)
    origins[index] = {
      line: root.line,
      stage: stageLabel(root),
      instruction: 'FROM',
      source: root.source
    }
  return { origins, matched }
}

/**
 * Pairs each layer with the instruction that made it (see walkHistory). Returns
 * the origins of the layer-making entries, in layer order.
 */
export function attributeLayers(history: ImageHistoryEntry[], chain: Stage[]): LayerOrigin[] {
  if (chain.length === 0) return unattributed(history)
  const { origins } = walkHistory(history, chain)
  return origins.filter((_, entry) => !history[entry].empty_layer)
}

/**
 * Whether the image's history can have come from this Dockerfile: its last
 * entries are the chain's instructions, and a `FROM scratch` image has no layers
 * from a base. Another project's Dockerfile would put every layer on its FROM line.
 */
export function madeBy(history: ImageHistoryEntry[], chain: Stage[]): boolean {
  if (chain.length === 0) return true
  const { origins, matched } = walkHistory(history, chain)
  const writes = chain.some(stage => stage.instructions.length > 0)
  if (writes && matched === 0 && history.length > 0) return false
  const root = chain[0].base
  const fromScratch = root.kind === 'image' && root.ref === 'scratch'
  return !(
    fromScratch &&
    origins.some((origin, entry) => origin.instruction === 'FROM' && !history[entry].empty_layer)
  )
}

/** Without the Dockerfile (an image built elsewhere): line 0, and the history's own words. */
function unattributed(history: ImageHistoryEntry[]): LayerOrigin[] {
  return history
    .filter(entry => !entry.empty_layer)
    .map(entry => ({
      line: 0,
      stage: '',
      instruction: instructionOf(entry.created_by),
      source: null
    }))
}
