#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { applyPatch } from 'diff'
import { readFile, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import { buildLocally } from './cli/build.js'
import { pairGiven } from './cli/diff.js'
import { dockerfileOf, reportsOf, sourceOf } from './cli/arguments.js'
import { renderComparison, renderFixes, renderReport } from './cli/terminal.js'
import { Inputs } from './input-names.js'
import { SettingError, UserError } from './errors.js'
import { log, printable, terminalLog, useLog } from './log.js'
import { renderComment } from './report/comment.js'
import { fixesText } from './report/fix-text.js'
import type { SizeMetric } from './report/compare.js'
import { evaluate } from './report/evaluate.js'
import type { GateConfig } from './report/gate.js'
import {
  growthProblem,
  increaseProblem,
  parseGrowthLimit,
  parseIncreaseLimit,
  parseSize,
  sizeProblem
} from './report/limits.js'
import { renderSummary } from './report/summary.js'
import type { ImageReport } from './report/types.js'
import { localBuildRequest } from './request.js'
import { TOOL_VERSION } from './version.js'

/** Exit codes: a limit crossed is 1; bad arguments and faults are 2, as diff(1) has them. */
const LIMIT_CROSSED = 1
const TROUBLE = 2

type Format = 'text' | 'json' | 'markdown'

interface OutputOptions {
  json?: boolean
  markdown?: boolean
}

const formatOf = (options: OutputOptions): Format =>
  options.json ? 'json' : options.markdown ? 'markdown' : 'text'

/** Where the result goes: stdout, which carries nothing else; the log goes to stderr. */
type Write = (text: string) => void

/**
 * JSON for stdout. JSON.stringify escapes C0 controls; DEL and C1 controls (which a
 * terminal may act on) are escaped too, as JSON allows: nothing is left for the
 * terminal's own escaping to turn into invalid JSON.
 */
const jsonText = (value: unknown): string =>
  `${JSON.stringify(value, null, 2).replace(/[\u007f-\u009f]/g, char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`

function printReports(write: Write, reports: ImageReport[], format: Format): void {
  if (format === 'json') write(jsonText(reports.length === 1 ? reports[0] : reports))
  else if (format === 'markdown') write(`${renderSummary(reports)}\n`)
  else write(reports.map(renderReport).join('\n'))
}

/** A limit option's reader: the parsed value, or commander's error saying what is expected. */
const limitOption =
  <T>(parse: (text: string) => T | undefined, problem: (text: string) => string) =>
  (text: string): T => {
    const value = parse(text)
    if (value === undefined)
      throw new InvalidArgumentError(`${JSON.stringify(text)} ${problem(text)}`)
    return value
  }

const sizeOption = limitOption(parseSize, sizeProblem)
const increaseOption = limitOption(parseIncreaseLimit, increaseProblem)
const growthOption = limitOption(parseGrowthLimit, growthProblem)

const collect = (value: string, previous: string[]): string[] => [...previous, value]

const outputOptions = (command: Command): Command =>
  command
    .addOption(new Option('--json', 'print the report as JSON').conflicts('markdown'))
    .option('--markdown', 'print markdown, as the job summary shows it')

async function analyze(
  write: Write,
  image: string,
  options: OutputOptions & { file?: string }
): Promise<void> {
  const dockerfile = await dockerfileOf(options.file)
  printReports(write, await reportsOf(await sourceOf(image), dockerfile), formatOf(options))
}

interface DiffOptions extends OutputOptions {
  maxIncrease?: GateConfig['maxIncrease']
  maxOwnIncrease?: GateConfig['maxOwnIncrease']
  maxGrowth?: GateConfig['maxGrowth']
  maxSize?: number
  maxUpdate?: number
  metric: SizeMetric
}

async function diff(
  write: Write,
  baseArgument: string,
  headArgument: string,
  options: DiffOptions
): Promise<void> {
  const base = await reportsOf(await sourceOf(baseArgument))
  const head = await reportsOf(await sourceOf(headArgument))
  const files = pairGiven(base, head, baseArgument)
  const gate: GateConfig = {
    metric: options.metric,
    maxIncrease: options.maxIncrease,
    maxOwnIncrease: options.maxOwnIncrease,
    maxGrowth: options.maxGrowth,
    maxSize: options.maxSize,
    maxUpdate: options.maxUpdate
  }
  const { comparisons, verdicts } = evaluate(files, gate, null)
  const format = formatOf(options)
  if (format === 'json') write(jsonText({ verdicts, comparisons }))
  else if (format === 'markdown')
    write(
      `${renderComment({
        marker: 'sizegate',
        baseLabel: baseArgument,
        comparisons,
        verdicts,
        metric: options.metric,
        baseline: files[0].baseline,
        acceptance: null,
        blobUrl: null,
        now: new Date(),
        maxGrowth: options.maxGrowth
      })}\n`
    )
  else
    write(
      comparisons
        .map((comparison, index) => renderComparison(comparison, verdicts[index], options.metric))
        .join('\n')
    )
  if (verdicts.some(verdict => verdict.exceeded)) process.exitCode = LIMIT_CROSSED
}

interface BuildOptions extends OutputOptions {
  file?: string
  target: string[]
  buildArg: string[]
  network?: 'default' | 'none' | 'host'
}

/** The local build the arguments ask for, as the action's request for it. */
const localBuild = (context: string, options: BuildOptions, verifyFixes = false) =>
  buildLocally(
    localBuildRequest(
      {
        context,
        file: options.file,
        targets: options.target,
        buildArgs: options.buildArg,
        network: options.network,
        verifyFixes
      },
      process.env,
      process.cwd()
    )
  )

async function build(write: Write, context: string, options: BuildOptions): Promise<void> {
  printReports(write, await localBuild(context, options), formatOf(options))
}

interface FixOptions extends BuildOptions {
  write?: boolean
}

/**
 * Builds the Dockerfile, then each fix of it and all together, measures them, and
 * prints each fix's diff and saving; `--write` applies the fixes that go together
 * to the Dockerfile when a build showed they save something.
 */
async function fix(write: Write, context: string, options: FixOptions): Promise<void> {
  const reports = await localBuild(context, options, true)
  if (formatOf(options) === 'json')
    write(jsonText(reports.map(report => ({ target: report.target, fixes: report.fixes }))))
  else write(reports.map(renderFixes).join('\n'))
  if (options.write) await writeFixes(reports, options.file ?? path.join(context, 'Dockerfile'))
}

/** The verified fixes that go together, written into the Dockerfile. */
async function writeFixes(reports: ImageReport[], file: string): Promise<void> {
  const together = reports.find(report => report.fixes?.together.saving)?.fixes?.together
  if (!together) {
    log.info(`Nothing written to ${file}: no fix was verified by a build.`)
    return
  }
  const fixed = applyPatch(await readFile(file, 'utf8'), together.diff)
  if (fixed === false)
    throw new UserError(`${file} changed while its fixes were built: run sizegate fix again`)
  await writeFile(file, fixed)
  log.info(`Wrote ${fixesText(together.rules.length)} to ${file}.`)
}

/** What names a local build: its context, Dockerfile, targets, build args and network. */
const buildArguments = (command: Command): Command =>
  command
    .argument('[context]', 'the build context', '.')
    .option('-f, --file <Dockerfile>', 'the Dockerfile (default: <context>/Dockerfile)')
    .option('--target <stage>', 'a stage to build; repeat for several', collect, [])
    .option('--build-arg <NAME=VALUE>', 'a build arg; repeat for several', collect, [])
    .addOption(
      new Option('--network <mode>', 'network for RUN').choices(['default', 'none', 'host'])
    )

function program(write: Write): Command {
  const cli = new Command('sizegate')
    .description('Measure container images, see what grew and why, and gate on size.')
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: write,
      // Whole: commander's second line is its suggestion ("Did you mean analyze?").
      outputError: (text, out) => out(text)
    })
  outputOptions(
    cli
      .command('analyze')
      .description('measure an image: sizes, largest layers and files, wasted bytes, hints')
      .argument(
        '<image>',
        'an image of the engine, an image archive file (docker save, OCI layout), or - for one on standard input'
      )
      .option('-f, --file <Dockerfile>', 'the Dockerfile it was built from: lines and hints')
  ).action((image: string, options: OutputOptions & { file?: string }) =>
    analyze(write, image, options)
  )
  outputOptions(
    cli
      .command('diff')
      .description(
        'compare two images or reports, say what grew, and gate (exit code 1 when a limit is crossed)'
      )
      .argument(
        '<base>',
        'an image, an image archive file or a sizegate report file (- : standard input)'
      )
      .argument(
        '<head>',
        'an image, an image archive file or a sizegate report file (- : standard input)'
      )
      .option(
        '--max-increase <limit>',
        'fail when it grows by more, like 10% or 5MB or 10%,5MB',
        increaseOption
      )
      .option(
        '--max-own-increase <limit>',
        "fail when the layers the Dockerfile adds (its base image's apart) grow by more, like 10%",
        increaseOption
      )
      .option(
        '--max-growth <limit>',
        "fail when the head grew by more since BASE's report of so long ago (its history), like '20% in 30d'",
        growthOption
      )
      .option('--max-size <size>', 'fail when the head is larger, like 200MB', sizeOption)
      .option(
        '--max-update <size>',
        "fail when a host with the base's image downloads more for the head's, like 100MB",
        sizeOption
      )
      .addOption(
        new Option('--metric <metric>', 'which size to compare and gate')
          .choices(['compressed', 'uncompressed'])
          .default('compressed')
      )
  ).action((base: string, head: string, options: DiffOptions) => diff(write, base, head, options))
  outputOptions(
    buildArguments(
      cli
        .command('build')
        .description('resolve, build and measure a local Dockerfile, as the action does')
    )
  ).action((context: string, options: BuildOptions) => build(write, context, options))
  buildArguments(
    cli
      .command('fix')
      .description(
        'find mechanical fixes of a Dockerfile, build each, and print its diff and what it saves'
      )
  )
    .option('--write', 'apply the verified fixes to the Dockerfile')
    .option('--json', 'print the fixes as JSON')
    .action((context: string, options: FixOptions) => fix(write, context, options))
  return cli
}

/** The CLI's names for the settings the core names by their action inputs. */
const FLAGS: Record<string, string> = {
  [Inputs.context]: 'CONTEXT',
  [Inputs.file]: '--file',
  [Inputs.targets]: '--target',
  [Inputs.buildArgs]: '--build-arg',
  [Inputs.network]: '--network'
}

/** An error as the command line says it: a setting by its flag, not by the action's input. */
function cliMessage(error: Error): string {
  if (error instanceof SettingError)
    return `${FLAGS[error.setting] ?? error.setting}: ${error.detail}`
  // A user error is written whole (a failed build's own ERROR lines); anything else is
  // a fault whose first line says enough.
  return error instanceof UserError ? error.message : error.message.split('\n')[0]
}

async function main(argv: string[]): Promise<void> {
  try {
    useLog(terminalLog())
    await program(text => void process.stdout.write(printable(text))).parseAsync(argv)
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end well; commander has said what was wrong with the arguments.
      const done =
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      process.exitCode = done ? 0 : TROUBLE
      return
    }
    process.stderr.write(`sizegate: ${printable(cliMessage(error as Error))}\n`)
    process.exitCode = TROUBLE
  }
}

void main(process.argv)
