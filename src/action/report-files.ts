import * as core from '@actions/core'
import { mkdir, writeFile } from 'node:fs/promises'
import { fileSlug } from '../buildx/plan.js'
import type { MeasuredTarget } from '../measure/report.js'
import type { ReportFile } from '../report/types.js'
import { Outputs } from '../input-names.js'
import { REPORT_SUFFIX } from '../report/parse.js'
import * as path from 'node:path'

/** Writes each report to `workDir`, for the `report` output; answers their paths. */
export async function writeReportFiles(files: ReportFile[], workDir: string): Promise<string[]> {
  await mkdir(workDir, { recursive: true })
  return Promise.all(
    files.map(async file => {
      // The target may be an image reference: its file name is made of safe characters only,
      // and ends in a suffix no other tool writes (buildx's metadata lies beside it).
      const reportPath = path.join(workDir, `${fileSlug(file.target)}${REPORT_SUFFIX}`)
      await writeFile(reportPath, `${JSON.stringify(file, null, 2)}\n`)
      return reportPath
    })
  )
}

/**
 * The outputs of what was built or measured: the first image's (also under
 * build-push-action's names and shapes: `imageid`, `digest`, `metadata`), and all
 * of them in `images`.
 */
export function setBuildOutputs(measured: MeasuredTarget[], reportPaths: string[]): void {
  const [first] = measured
  core.setOutput(Outputs.imageId, first.build.imageId)
  core.setOutput(Outputs.imageid, first.build.imageId)
  core.setOutput(Outputs.metadata, first.build.metadata ? JSON.stringify(first.build.metadata) : '')
  core.setOutput(Outputs.digest, first.build.digest ?? '')
  core.setOutput(Outputs.size, first.report.uncompressedBytes)
  core.setOutput(Outputs.compressedSize, first.report.compressedBytes)
  core.setOutput(Outputs.report, reportPaths.join('\n'))
  const images = Object.fromEntries(
    measured.map(({ report, build }, index) => [
      report.target,
      {
        'image-id': build.imageId,
        digest: build.digest ?? null,
        size: report.uncompressedBytes,
        'compressed-size': report.compressedBytes,
        report: reportPaths[index],
        buildx: build.metadata ?? null
      }
    ])
  )
  core.setOutput(Outputs.images, JSON.stringify(images))
}
