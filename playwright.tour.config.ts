import { defineConfig } from '@playwright/test'
import e2e from './playwright.config'

// The screenshot tour (`npm run tour`, README "Screenshot tour"): the same browser and settings as
// the end-to-end tests, but its own folder of specs, so `npx playwright test` never runs it.
export default defineConfig({
  ...e2e,
  testDir: './test/tour',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/tour',
  timeout: 600_000,
})
