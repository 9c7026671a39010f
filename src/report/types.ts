import { z } from 'zod'

/**
 * The report's contract version. 2 added each layer's blob, the base image's part
 * and the update size; a version 1 report reads as one without them.
 */
export const REPORT_SCHEMA = 2
const READ_SCHEMAS = [1, 2] as const

const bytes = z.number().int().nonnegative()

/** One layer of the final image and the Dockerfile instruction that made it. */
const LayerReportSchema = z.object({
  /** The layer's diff id (sha256 of its uncompressed tar). */
  digest: z.string(),
  /**
   * Its blob's digest as a registry stores it (pushed, a builder's export, the
   * containerd image store); null where only its contents were read (the classic
   * image store, reports before schema 2).
   */
  blob: z.string().nullable().default(null),
  /** Content bytes, as the engine counts a layer (docker history). */
  uncompressedBytes: bytes,
  /** Bytes as pushed: the registry's, the archive's, or a gzip estimate (see compressedSource). */
  compressedBytes: bytes,
  /** The gzip estimate, kept when compressedBytes is the registry's (null: not measured). */
  estimatedBytes: bytes.nullable().default(null),
  /** The history entry's created_by, as the builder wrote it (secret values redacted). */
  createdBy: z.string(),
  /** 1-based Dockerfile line; base-image layers carry the FROM line. */
  line: z.number().int().nonnegative(),
  stage: z.string(),
  instruction: z.string(),
  /** The instruction as written in the Dockerfile (null in reports before it). */
  source: z.string().nullable().default(null),
  /** The folders it wrote most bytes into, four levels deep at most, largest first. */
  folders: z.array(z.string()).default([])
})

const PathBytesSchema = z.object({ path: z.string(), bytes })

/** A BuildKit Dockerfile check the build reported on the Dockerfile (buildx's metadata). */
const BuildCheckSchema = z.object({
  /** The check's name, e.g. FromAsCasing. */
  rule: z.string(),
  line: z.number().int().nullable(),
  message: z.string(),
  /** What the rule asks for. */
  description: z.string(),
  url: z.string().nullable()
})

const HintSchema = z.object({
  rule: z.enum([
    'cache-in-image',
    'no-install-recommends',
    'copy-whole-context',
    'install-after-copy',
    'dev-dependencies',
    'build-tools',
    'full-base-image',
    'runs-as-root',
    'duplicated-by-chown',
    'wasted-bytes'
  ]),
  line: z.number().int().nullable(),
  bytes: bytes.nullable(),
  message: z.string()
})

const ECOSYSTEM = z.enum(['npm', 'python', 'deb', 'apk', 'go', 'java'])

/** A package of the final image, its copies joined by name (see image/packages). */
const PackageSchema = z.object({
  ecosystem: ECOSYSTEM,
  name: z.string(),
  /** Every version installed; 'unknown' where its metadata could not be read. */
  versions: z.array(z.string()),
  /** Bytes of its own files (0 for a Go module, part of its binary). */
  bytes,
  /** The layer holding most of its bytes. */
  layer: z.number().int().nonnegative(),
  /** Only development needs it (npm's lockfile or the project's devDependencies say so). */
  dev: z.boolean().default(false)
})

const PackagesSchema = z.object({
  /** Every package found, by ecosystem: count and bytes. */
  ecosystems: z.array(z.object({ ecosystem: ECOSYSTEM, packages: bytes, bytes })),
  /** The largest packages, at most MAX_PACKAGES (report/packages.ts); smaller ones only in the counts. */
  list: z.array(PackageSchema)
})

const SavingSchema = z.object({
  compressedBytes: z.number().int(),
  uncompressedBytes: z.number().int()
})

/** One fix of the Dockerfile: its change, and what a build of it saved. */
const FixSchema = z.object({
  rule: z.string(),
  title: z.string(),
  /** The Dockerfile lines it changes (of the head's Dockerfile). */
  line: z.number().int().positive(),
  endLine: z.number().int().positive(),
  /** Lines line..endLine as the fix writes them: a GitHub suggested change. */
  suggestion: z.array(z.string()),
  /** The unified diff of this fix alone. */
  diff: z.string(),
  /** Bytes a build of the Dockerfile with this fix alone saved; null when not verified. */
  saving: SavingSchema.nullable(),
  /** Why it is not verified: not built, the build failed, it saved nothing, it changes the app; null when verified. */
  unverified: z.string().nullable(),
  /** A verified fix: that its image has the original's files, owners and modes, and what it removes. */
  removes: z.string().nullable().default(null)
})

const FixesSchema = z.object({
  list: z.array(FixSchema),
  /** Every fix that can be applied with the others, together: their diff and saving. */
  together: z.object({
    rules: z.array(z.string()),
    diff: z.string(),
    saving: SavingSchema.nullable(),
    unverified: z.string().nullable(),
    removes: z.string().nullable().default(null)
  }),
  /** Time the verification builds took (0 when none ran). */
  verifyMs: bytes
})

/** An earlier report of the same image on its branch: its commit and sizes. */
const TrendPointSchema = z.object({
  commit: z.string(),
  createdAt: z.string(),
  compressedBytes: bytes,
  estimatedBytes: bytes.nullable(),
  uncompressedBytes: bytes
})

const IdentitySchema = z.object({ key: z.string(), family: z.string(), label: z.string() })

/**
 * The final stage's base image, whose layers come first: the rest of the image is
 * what the Dockerfile adds (report/base-part.ts).
 */
const BasePartSchema = z.object({
  /** The base image as the Dockerfile's FROM names it, build args put in; null where unknown. */
  image: z.string().nullable(),
  /** How many of the image's first layers are the base image's. */
  layers: bytes,
  compressedBytes: bytes,
  uncompressedBytes: bytes
})

/** The measured image of one target: what the cache stores and comments read. */
export const ImageReportSchema = z.object({
  schema: z
    .union(READ_SCHEMAS.map(version => z.literal(version)))
    .transform((): typeof REPORT_SCHEMA => REPORT_SCHEMA),
  tool: z.object({ name: z.literal('sizegate'), version: z.string() }),
  commit: z.string().nullable(),
  ref: z.string().nullable(),
  /** Dockerfile path relative to the workspace. */
  dockerfile: z.string(),
  target: z.string(),
  /** What names the image across runs (see report/identity.ts); null in reports before it. */
  identity: IdentitySchema.nullable().default(null),
  /**
   * Every image the same step built, this one included: a PR that stops building
   * one of them finds it here and reports it removed.
   */
  builtWith: z.array(z.object({ target: z.string(), identity: IdentitySchema })).default([]),
  buildArgs: z.record(z.string(), z.string()),
  platform: z.string(),
  imageId: z.string(),
  /** Registry manifest digest, when pushed. */
  digest: z.string().nullable(),
  /** Pull size: layers and config, compressed. */
  compressedBytes: bytes,
  compressedSource: z.enum(['registry', 'archive', 'gzip-estimate']),
  /**
   * The engine's image store when the image was read from the engine: `classic`
   * (layers unpacked, the pull size a gzip estimate) or `containerd` (layers as
   * stored, the pull size exact); null for an image read from a builder's export.
   */
  imageStore: z.enum(['classic', 'containerd']).nullable().default(null),
  /**
   * Pull size by the gzip estimate, whatever compressedSource is, so that a pushed
   * baseline and an unpushed head compare like with like (null: not measured).
   */
  estimatedBytes: bytes.nullable().default(null),
  uncompressedBytes: bytes,
  layers: z.array(LayerReportSchema),
  /** Its base image's part; null without the Dockerfile that made it, and in reports before schema 2. */
  base: BasePartSchema.nullable().default(null),
  files: z.object({
    fileCount: bytes,
    largestFiles: z.array(PathBytesSchema.extend({ layer: z.number().int().nonnegative() })),
    /** Every folder of at least `floor` bytes, with its file count and the layer that wrote most of it. */
    folders: z
      .array(
        PathBytesSchema.extend({
          files: bytes,
          layer: z.number().int().nonnegative()
        })
      )
      .default([]),
    floor: bytes.default(0)
  }),
  /** dive's wastedBytes: every copy of each path more than one layer holds. */
  wastedBytes: bytes,
  /** dive's efficiency: Σ smallest copy per path / Σ all copies. */
  efficiency: z.number().min(0).max(1),
  /** dive's userWastedPercent (a fraction): wasted bytes / bytes of every layer but the first. */
  userWastedPercent: z.number().nonnegative().default(0),
  hints: z.array(HintSchema),
  /** BuildKit's Dockerfile checks that warned during the build (empty in reports before them). */
  buildChecks: z.array(BuildCheckSchema).default([]),
  /** Mechanical fixes of the Dockerfile, proven by builds where asked (null: none, or reports before them). */
  fixes: FixesSchema.nullable().default(null),
  /** The packages package managers' metadata names in the image (null in reports before it). */
  packages: PackagesSchema.nullable().default(null),
  /**
   * A push's report: the branch's reports of this image before it, oldest first, at
   * most TREND_LENGTH, carried forward from the one before (empty elsewhere).
   */
  trend: z.array(TrendPointSchema).default([]),
  build: z.object({
    /** `prebuilt`: an image another step built (input `image`), measured as it is. */
    builder: z.enum(['buildx', 'docker', 'legacy', 'prebuilt']),
    ghaCache: z.boolean(),
    durationMs: bytes,
    cachedSteps: bytes,
    totalSteps: bytes
  }),
  createdAt: z.string()
})

export type ImageReport = z.infer<typeof ImageReportSchema>
export type LayerReport = z.infer<typeof LayerReportSchema>
export type BuildCheck = z.infer<typeof BuildCheckSchema>
export type TrendPoint = z.infer<typeof TrendPointSchema>
export type PackageReport = z.infer<typeof PackageSchema>
export type FixesReport = z.infer<typeof FixesSchema>
export type Saving = z.infer<typeof SavingSchema>
export type PackagesReport = z.infer<typeof PackagesSchema>
export type BasePart = z.infer<typeof BasePartSchema>

/** What a host that runs the base image downloads to run the head's (report/update.ts). */
const UpdateSchema = z.discriminatedUnion('known', [
  z.object({
    known: z.literal(true),
    /** Compressed bytes of the head's layers the base image does not have, each once. */
    bytes,
    /** The head's layers the base image has, and all its layers. */
    sharedLayers: bytes,
    layers: bytes,
    /** Layers told apart by blob digest (both sides know every blob) or by contents (diff id). */
    matchedBy: z.enum(['blob', 'content']),
    /** The head's compressed sizes are the gzip estimate (classic image store), not stored blobs. */
    estimated: z.boolean()
  }),
  z.object({ known: z.literal(false), reason: z.string() })
])

export type Update = z.infer<typeof UpdateSchema>

const SizeChangeSchema = z.object({
  base: z.number().nullable(),
  head: z.number().nullable(),
  delta: z.number().nullable(),
  percent: z.number().nullable()
})

/** The head against the base branch's report from `days` before it (creepOf in report/trend.ts, max-growth). */
const CreepSchema = z.object({
  days: z.number().int().positive(),
  /** The base branch's report it is measured from. */
  from: TrendPointSchema,
  /** false: the history is shorter than `days`, and `from` is its oldest report. */
  reachesBack: z.boolean(),
  /** Whole days from that report to the head. */
  age: z.number().int(),
  compressed: SizeChangeSchema,
  uncompressed: SizeChangeSchema
})

export type Creep = z.infer<typeof CreepSchema>

/** Where a pull request's base numbers came from. */
const BaselineSourceSchema = z.object({
  /**
   * `artifact`: from the PR's own run, in mode comment, when the cache had none
   * (unverified); `image`: an image named by input `baseline-image` (ref is its reference).
   */
  source: z.enum(['cache', 'build', 'artifact', 'image']),
  /** The base branch. */
  ref: z.string(),
  /** The commit the baseline was measured at. */
  sha: z.string(),
  createdAt: z.string(),
  /** The PR's base commit: a baseline of another commit is said in the comment. */
  expectedSha: z.string().nullable(),
  /** Untracked inputs of the head's build context that a build of the base from git lacks. */
  untracked: z.array(z.string()).default([])
})

/**
 * The file the `report` output points to: the report, and on a pull request the
 * PR and the base's report, so that `mode: comment` can post it from another workflow.
 */
export const ReportFileSchema = ImageReportSchema.extend({
  /** `workflow/job` of the run that built it: one comment per job and target set. */
  job: z.string().nullable().default(null),
  pullRequest: z
    .object({
      number: z.number().int().positive(),
      baseRef: z.string(),
      baseSha: z.string(),
      headSha: z.string()
    })
    .nullable()
    .default(null),
  baseline: BaselineSourceSchema.extend({ report: ImageReportSchema }).nullable().default(null),
  /** The base's reports of images this step built there and no longer builds. */
  removed: z.array(ImageReportSchema).default([]),
  /** A build of the base commit showed it has no such image: new in this pull request. */
  newInPullRequest: z.boolean().default(false),
  /** Against the baseline: what a host with the base's image downloads (null without one). */
  update: UpdateSchema.nullable().default(null),
  /** Against the base branch's report of max-growth's days before (null without the limit or a history). */
  creep: CreepSchema.nullable().default(null)
})

export type BaselineSource = z.infer<typeof BaselineSourceSchema>
export type ReportFile = z.infer<typeof ReportFileSchema>
