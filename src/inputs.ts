/** Every input name of action.yml, in one place. */
export const Inputs = {
  context: 'context',
  file: 'file',
  id: 'id',
  targets: 'targets',
  buildArgs: 'build-args',
  tags: 'tags',
  builder: 'builder',
  network: 'network',
  platform: 'platform',
  cache: 'cache',
  cacheMode: 'cache-mode',
  cacheScope: 'cache-scope',
  push: 'push',
  noCache: 'no-cache',
  mode: 'mode',
  report: 'report',
  baseline: 'baseline',
  sizeMetric: 'size-metric',
  maxIncrease: 'max-increase',
  maxSize: 'max-size',
  comment: 'comment',
  commitStatus: 'commit-status',
  allowIncreaseLabel: 'allow-increase-label',
  githubToken: 'github-token'
} as const

/** Every output name of action.yml, in one place. */
export const Outputs = {
  imageId: 'image-id',
  digest: 'digest',
  size: 'size',
  compressedSize: 'compressed-size',
  report: 'report',
  metadata: 'metadata',
  baselineSize: 'baseline-size',
  delta: 'delta',
  deltaPercent: 'delta-percent',
  exceeded: 'exceeded',
  commentUrl: 'comment-url',
  commentBody: 'comment-body'
} as const
