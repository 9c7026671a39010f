import type { z } from 'zod'
import { type ImageReport, ImageReportSchema, type ReportFile, ReportFileSchema } from './types.js'

/** How report files end: `production.sizegate.json`. */
export const REPORT_SUFFIX = '.sizegate.json'

/** A parsed report, or what is wrong with the text: the caller decides what that means. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string }

function parseWith<T>(schema: z.ZodType<T>, text: string): Parsed<T> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return { ok: false, problem: `is not JSON (${(error as Error).message})` }
  }
  const parsed = schema.safeParse(json)
  if (parsed.success) return { ok: true, value: parsed.data }
  const issue = parsed.error.issues[0]
  return {
    ok: false,
    problem: `is not a valid sizegate report (${issue.path.join('.') || 'report'}: ${issue.message})`
  }
}

/** A report as measured (a cached baseline, a file given to the CLI). */
export function parseReport(text: string): Parsed<ImageReport> {
  return parseWith(ImageReportSchema, text)
}

/** A file of the `report` output, with its pull request and baseline. */
export function parseReportFile(text: string): Parsed<ReportFile> {
  return parseWith(ReportFileSchema, text)
}

/**
 * Whether a text says it is a sizegate report at all, valid or not: another
 * tool's JSON beside the reports (buildx's metadata) is no report to warn about.
 */
export function claimsSizegate(text: string): boolean {
  try {
    const json = JSON.parse(text) as { tool?: { name?: unknown } } | null
    return json?.tool?.name === 'sizegate'
  } catch {
    return false
  }
}
