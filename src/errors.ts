/**
 * An error whose message is written for the user as it stands: bad input,
 * an unknown target, a failed build. main.ts reports it without a stack trace.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UserError'
  }
}

/** A bad value of one input: the message names the input, the value and what is expected. */
export class InputError extends UserError {
  constructor(input: string, value: string, expected: string) {
    super(`${input}: ${JSON.stringify(value)} ${expected}`)
    this.name = 'InputError'
  }
}
