import * as core from '@actions/core'
import type { Log } from '../log.js'

/** The action speaks to the runner: workflow commands, groups it folds, secrets it masks. */
export const actionLog: Log = {
  info: core.info,
  notice: core.notice,
  warning: core.warning,
  debug: core.debug,
  group: core.group,
  secret: core.setSecret
}
