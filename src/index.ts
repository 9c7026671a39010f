import { askBuildxEarly } from './buildx/probes.js'
import { Inputs } from './input-names.js'

/** An input as @actions/core reads it, read before @actions/core itself has loaded. */
function inputAhead(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

// A step that builds (mode build, no image given) has buildx answer about its builder
// while the rest of the action loads (buildx/probes.ts): the two overlap.
const mode = inputAhead(Inputs.mode)
if ((mode === '' || mode === 'build') && inputAhead(Inputs.image) === '')
  askBuildxEarly(inputAhead(Inputs.builder) || undefined)
const { run } = await import('./main.js')

// The action exits once its work is done: a request to a service that stalls, given
// up on (see baseline/store.ts), must not hold the step open.
void run().then(() => process.exit())
