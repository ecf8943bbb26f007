// Lint, and the architecture's import boundaries (DESIGN.md "The parts"), enforced rather than remembered.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const electronOnlyInShell = {
  name: 'electron',
  message: 'Only src-main/shell, src-main/preload and src-main/index.ts may import electron (tests and the CLI run without an Electron binary).',
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
              group: ['**/src-main/**', '!**/src-main/ipc/contracts', '!**/src-main/ipc/contracts/**', '!**/src-main/ipc/result'],
              message: 'The renderer may not import main-process code; talk to it through window.cio.',
            },
            {
              group: ['**/src-main/ipc/contracts', '**/src-main/ipc/contracts/**', '**/src-main/ipc/result'],
              allowTypeImports: true,
              message: 'The renderer may import only the contract\'s types (use `import type`).',
            },
          ],
        },
      ],
    },
  },
  {
    // Services never reach up into transports, the shell, the CLI or the renderer.
    files: ['src-main/{db,cio,credentials,sync,import,schedule,sandbox,workspaces,mirror}/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [
            {
              group: ['**/shell/**', '**/host/**', '**/cli/**', '**/src-renderer/**', '**/ipc/handlers', '**/ipc/dispatch', '**/engine/host', '**/engine/worker'],
              message: 'Services depend on nothing above them (DESIGN.md: UI → window.cio → ipc → service → db/cio).',
            },
          ],
        },
      ],
    },
  },
)
