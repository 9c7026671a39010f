import * as core from '@actions/core'
import type { Log } from '../log.js'

/** The action speaks to the runner: workflow commands, groups it folds, secrets it masks. */
export const actionLog: Log = {
  info: message => core.info(message),
  notice: message => core.notice(message),
  warning: message => core.warning(message),
  debug: message => core.debug(message),
  group: (name, work) => core.group(name, work),
  secret: value => core.setSecret(value)
}
