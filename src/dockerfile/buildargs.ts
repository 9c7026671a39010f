import type { BuildArg } from '../request.js'
import type { DockerfileModel } from './model.js'

/** Args docker accepts without an ARG instruction. */
const PREDEFINED =
  /^(HTTPS?_PROXY|FTP_PROXY|NO_PROXY|ALL_PROXY|https?_proxy|ftp_proxy|no_proxy|all_proxy|SOURCE_DATE_EPOCH|BUILDKIT_[A-Z_]+)$/
const SECRET_WORDS = new Set([
  'TOKEN',
  'PASSWORD',
  'PASSWD',
  'PASS',
  'SECRET',
  'KEY',
  'APIKEY',
  'CREDENTIAL',
  'CREDENTIALS',
  'AUTH',
  'PRIVATE',
  'PAT'
])
const SECRET_PARTS = /TOKEN|PASSWORD|PASSWD|SECRET|APIKEY|CREDENTIAL/

const REDACTED = '***'

/** True for names like NPM_TOKEN, DB_PASSWORD, AWS_SECRET_ACCESS_KEY, SSH_PRIVATE_KEY. */
export function looksSecret(name: string): boolean {
  const upper = name.toUpperCase()
  return SECRET_PARTS.test(upper) || upper.split('_').some(word => SECRET_WORDS.has(word))
}

export interface BuildArgCheck {
  /** Names whose values must be masked in logs and redacted in reports. */
  secretNames: string[]
  warnings: string[]
}

export function checkBuildArgs(
  model: DockerfileModel,
  args: BuildArg[],
  fileLabel: string
): BuildArgCheck {
  const warnings: string[] = []
  for (const arg of args) {
    if (!model.declaredArgs.has(arg.name) && !PREDEFINED.test(arg.name)) {
      warnings.push(
        `build-args: ${arg.name} is not declared by any ARG in ${fileLabel}; the build ignores it`
      )
    }
  }
  const secretNames = args.filter(arg => looksSecret(arg.name)).map(arg => arg.name)
  if (secretNames.length > 0) {
    warnings.push(
      `build-args: ${secretNames.join(', ')} look${secretNames.length === 1 ? 's' : ''} secret; build args are written into the image history for anyone who pulls it. Pass secrets with a build secret (RUN --mount=type=secret) instead.`
    )
  }
  return { secretNames, warnings }
}

/** Build args for a report: values of secret-looking names replaced. */
export function redactBuildArgs(args: BuildArg[]): Record<string, string> {
  return Object.fromEntries(
    args.map(arg => [arg.name, looksSecret(arg.name) ? REDACTED : arg.value])
  )
}

/** Values of secret-looking args, which must not reach logs or reports. */
export function secretValues(args: BuildArg[]): string[] {
  return args.filter(arg => looksSecret(arg.name) && arg.value !== '').map(arg => arg.value)
}

/** Text (such as a layer's created_by, which holds RUN's build args) with secret values replaced. */
export function redactText(text: string, secrets: string[]): string {
  return secrets.reduce((redacted, secret) => redacted.split(secret).join(REDACTED), text)
}
