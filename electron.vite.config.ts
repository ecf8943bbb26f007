import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { cspMetaPlugin } from './src-main/security/csp'

// Only `dependencies` are externalized (better-sqlite3, keytar, drizzle stay require()'d: native
// modules cannot be bundled). Entries live in src-main/ and src-renderer/, which electron-vite does
// not discover by itself (docs/TOOLCHAIN.md §4).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      lib: {
        entry: {
          index: resolve(__dirname, 'src-main/index.ts'),
          'engine-worker': resolve(__dirname, 'src-main/engine/worker.ts'),
          'import-plan-reader': resolve(__dirname, 'src-main/import/plan/plan-reader-worker.ts'),
          // the people pull's download/parse/index thread (src-main/sync/pull/people-export-reader.ts)
          'people-export-worker': resolve(__dirname, 'src-main/sync/pull/people-export-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only 'electron' (and a few Node shims): bundle zod and the
      // contracts into it instead of leaving require("zod") behind.
      externalizeDeps: false,
      lib: { entry: resolve(__dirname, 'src-main/preload/preload.ts') },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    base: './',
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
    },
    // the CSP <meta> comes from src-main/security/csp.ts, the same policy the shell and host send
    plugins: [react(), cspMetaPlugin()],
  },
})
