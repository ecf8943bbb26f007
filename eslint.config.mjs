// Lint, and the architecture's import boundaries (docs/DESIGN.md "The parts"), enforced rather than remembered.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const electronOnlyInShell = {
  name: 'electron',
  message: 'Only src-main/shell, src-main/preload and src-main/index.ts may import electron (tests and the CLI run without an Electron binary).',
}

/**
 * The layers of src-main, lowest first: shared pieces any domain may use, the domains (which must
 * not import each other: what two domains share moves below them, or is passed in through a
 * constructor by services.ts), and the top (transports, engine, CLI, shell) that may import
 * anything. The sandbox is a separate app and only reaches down.
 */
const SHARED = ['base', 'contract', 'db', 'cio', 'csv', 'merge', 'jobs', 'security', 'credentials']
const DOMAINS = ['audit', 'changes', 'import', 'messaging', 'mirror', 'preferences', 'schedule', 'sync', 'workspaces']

function layerRules() {
  // Patterns name folders (`**/sync/**`), never a bare last segment: contract/sync.ts is not the sync domain.
  const folders = (names) => names.map((name) => `**/${name}/**`)
  const reachUpMessage = 'Services depend on nothing above them (docs/DESIGN.md: UI → window.cio → ipc → service → db/cio).'
  const reachUp = [
    { group: ['**/shell/**', '**/host/**', '**/cli/**', '**/src-renderer/**', '**/ipc/**', '**/engine/**', '**/runtime/**', '**/preload/**'], message: reachUpMessage },
    // the composition root, src-main/services.ts (the sandbox's own ./services is not it)
    { regex: '^(\\.\\./)+services$', message: reachUpMessage },
  ]
  const restrict = (files, patterns) => ({
    files,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [electronOnlyInShell], patterns: [...reachUp, ...patterns] }] },
  })
  return [
    restrict([`src-main/{${SHARED.join(',')},sandbox}/**`], [
      { group: folders(DOMAINS), message: 'Shared layers (base, contract, db, cio, csv, merge, jobs, security, credentials) import no domain.' },
    ]),
    ...DOMAINS.map((domain) =>
      restrict([`src-main/${domain}/**`], [
        {
          group: folders(DOMAINS.filter((other) => other !== domain)),
          message: 'Domains do not import each other: move what they share below them (base, contract, db, cio, csv, merge, jobs) or pass it in through a constructor (services.ts).',
        },
      ]),
    ),
  ]
}

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'drizzle/**', 'test-results/**', 'playwright-report/**', 'bench/.data/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [electronOnlyInShell] }],
    },
  },
  {
    files: ['**/*.cjs', 'bin/**/*.js', 'scripts/**/*.mjs', 'scripts/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { sourceType: 'module' },
  },
  {
    // The shell is the only place that talks to Electron.
    files: ['src-main/shell/**', 'src-main/preload/**', 'src-main/index.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    // The renderer reaches main only through window.cio; it may import the contract's *types*.
    files: ['src-renderer/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [
            {
              group: ['**/src-main/**', '!**/src-main/contract', '!**/src-main/contract/**', '!**/src-main/contract/result'],
              message: 'The renderer may not import main-process code; talk to it through window.cio.',
            },
            {
              group: ['**/src-main/contract', '**/src-main/contract/**', '**/src-main/contract/result'],
              allowTypeImports: true,
              message: 'The renderer may import only the contract\'s types (use `import type`).',
            },
          ],
        },
      ],
    },
  },
  // Services never reach up into transports, the shell, the CLI or the renderer; shared layers never
  // reach into a domain; a domain never reaches sideways into another (see layerRules below).
  ...layerRules(),
)
