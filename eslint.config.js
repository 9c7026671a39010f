import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// The house's boundaries (docs/architecture.md), each an import rule: a file that
// crosses one fails `npm run lint`. Type-only imports cross freely.
const shells = ['src/action/**', 'src/cli/**', 'src/main.ts', 'src/cli.ts', 'src/index.ts']
const pure = ['src/dockerfile/**', 'src/report/**']

const SHELL = {
  regex: String.raw`^(\.\.?/)+(action|cli)/|^(\.\./)+(main|cli)\.js$`,
  message: 'the core never imports a shell (action/, cli/, main.ts, cli.ts): pass it a value'
}
const SUBPROCESS = ['node:child_process', 'child_process'].map(name => ({
  name,
  message: 'every subprocess goes through src/process/ (runCommand, spawnWithOutput, FedCommand)'
}))
const WORKFLOW_COMMANDS = {
  name: '@actions/core',
  message: "workflow commands are the action shell's: log through log.ts, or return a value"
}
const CACHE_CLIENT = { regex: '^@actions/cache$', message: "the cache is baseline/'s (store.ts)" }
const GITHUB_CLIENT = {
  regex: '^@actions/github$',
  message: "the GitHub client is github/'s (api.ts)"
}
const NODE_IO = [
  'fs',
  'fs/promises',
  'child_process',
  'net',
  'os',
  'http',
  'https',
  'stream',
  'worker_threads'
].flatMap(name => [`node:${name}`, name])

/** One import rule for `files`: its own options, as a later rule replaces an earlier one's. */
const imports = (files, ignores, paths, patterns = []) => ({
  files,
  ignores,
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { paths, patterns: patterns.map(pattern => ({ allowTypeImports: true, ...pattern })) }
    ]
  }
})

const boundaries = [
  // The core: no shell, no workflow command, no subprocess of its own; the cache
  // client only in baseline/, the GitHub client only in github/.
  imports(
    ['src/**/*.ts'],
    [...shells, ...pure, 'src/process/**'],
    [...SUBPROCESS, WORKFLOW_COMMANDS],
    [SHELL, CACHE_CLIENT, GITHUB_CLIENT]
  ),
  // baseline/ and github/ each keep their client.
  imports(['src/baseline/**'], [], [...SUBPROCESS, WORKFLOW_COMMANDS], [SHELL, GITHUB_CLIENT]),
  imports(['src/github/**'], [], [...SUBPROCESS, WORKFLOW_COMMANDS], [SHELL, CACHE_CLIENT]),
  imports(['src/process/**'], [], [WORKFLOW_COMMANDS], [SHELL]),
  // Pure folders take values and return values: no I/O, no folder that does any.
  imports(
    pure,
    [],
    NODE_IO.map(name => ({ name, message: `${pure.join(' and ')} are pure: no I/O` })),
    [
      {
        regex: String.raw`^(\.\./)+(action|cli|process|buildx|image|baseline|sources|measure|github)/|^(\.\./)+(main|cli|log)\.js$`,
        message: 'dockerfile/ and report/ are pure: they import only pure modules'
      },
      { regex: '^@actions/', message: 'dockerfile/ and report/ are pure: no GitHub, no cache' }
    ]
  ),
  // The CLI shell: no @actions/* (its bundle holds no cache or GitHub client), no
  // subprocess of its own.
  imports(['src/cli/**', 'src/cli.ts'], [], SUBPROCESS, [
    { regex: '^@actions/', message: 'the CLI holds no @actions/* package' },
    {
      regex: String.raw`^(\.\.?/)+action/|^(\.\./)+main\.js$`,
      message: 'one shell never imports the other'
    }
  ]),
  imports(['src/action/**', 'src/main.ts', 'src/index.ts'], [], SUBPROCESS, [
    {
      regex: String.raw`^(\.\.?/)+cli/|^(\.\./)+cli\.js$`,
      message: 'one shell never imports the other'
    }
  ])
]

export default tseslint.config(
  { ignores: ['dist/', 'lib/', 'node_modules/', '.tools/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The real-image fixtures are CommonJS services, as the projects they stand for are.
    files: ['__tests__/fixtures/real/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }]
    }
  },
  ...boundaries
)
