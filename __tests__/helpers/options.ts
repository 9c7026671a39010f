import type { BuildOptions } from '../../src/request.js'

/** A build with none of build-push-action's extra inputs. */
export const NO_OPTIONS: BuildOptions = {
  secrets: [],
  ssh: [],
  labels: [],
  annotations: [],
  buildContexts: [],
  cacheFrom: [],
  cacheTo: [],
  pull: false,
  addHosts: [],
  ulimits: [],
  noCacheFilters: []
}
