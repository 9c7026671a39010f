/**
 * An error whose message is written for the user as it stands: bad input,
 * an unknown target, a failed build. The shells report it without a stack trace.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UserError'
  }
}

/**
 * Something wrong with one setting, named by its action input (`targets`); each
 * shell says it with its own name for the setting (the CLI: `--target`).
 */
export class SettingError extends UserError {
  constructor(
    readonly setting: string,
    readonly detail: string
  ) {
    super(`${setting}: ${detail}`)
    this.name = 'SettingError'
  }
}

/** A bad value of one input: the message names the input, the value and what is expected. */
export class InputError extends SettingError {
  constructor(input: string, value: string, expected: string) {
    super(input, `${JSON.stringify(value)} ${expected}`)
    this.name = 'InputError'
  }
}
