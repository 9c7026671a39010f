/** Runs `task` with stdout captured (workflow commands such as ::warning:: land there). */
export async function captureStdout(task: () => Promise<unknown>): Promise<string> {
  const log: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string | Uint8Array) => {
    log.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    return true
  }) as typeof process.stdout.write
  try {
    await task()
  } finally {
    process.stdout.write = write
  }
  return log.join('')
}

/** Runs `task` with these environment variables set, restoring them after. */
export async function withEnv<T>(vars: Record<string, string>, task: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map(name => [name, process.env[name]]))
  Object.assign(process.env, vars)
  try {
    return await task()
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}
