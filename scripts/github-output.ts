/** The records of the file GITHUB_OUTPUT names (`name<<delimiter`, the value, `delimiter`), by name. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const record = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm
  for (const match of text.matchAll(record)) outputs[match[1]] = match[3]
  return outputs
}
