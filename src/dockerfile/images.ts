import { Inputs } from '../input-names.js'
import type { Stage } from './model.js'

/** An image a build reads (a FROM, a COPY --from, a named context), and where it is named. */
export interface ImageUse {
  ref: string
  /** `FROM on line 3`, `a --from of stage builder`, `build-contexts: base` */
  where: string
}

const IMAGE_CONTEXT = /^([^=]+)=docker-image:\/\/(.+)$/

/**
 * The images the stages of a build read and those its named contexts name, each
 * once, in the Dockerfile's order (so that a message names the first line).
 */
export function imagesRead(chains: Stage[][], buildContexts: string[]): ImageUse[] {
  const uses = new Map<string, ImageUse>()
  const add = (ref: string, where: string) => {
    if (!uses.has(ref)) uses.set(ref, { ref, where })
  }
  for (const stage of chains.flat().sort((a, b) => a.index - b.index)) {
    const { base } = stage
    if (base.kind === 'image' && base.ref !== 'scratch') add(base.ref, `FROM on line ${stage.line}`)
    for (const use of stage.uses)
      if (use.kind === 'image') add(use.ref, `a --from of stage ${stage.name ?? stage.index}`)
  }
  for (const context of buildContexts) {
    const [, name, ref] = IMAGE_CONTEXT.exec(context) ?? []
    if (ref) add(ref, `${Inputs.buildContexts}: ${name}`)
  }
  return [...uses.values()]
}
