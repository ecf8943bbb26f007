import AxeBuilder from '@axe-core/playwright'
import { test as base, expect, type Page } from '@playwright/test'

export { expect }
export type { Page }

/**
 * Every end-to-end spec imports `test` from here instead of '@playwright/test'. Any page of the
 * test (the default `page` and any other page of its context) is watched: a console error, an
 * uncaught exception, a request that failed or an HTTP answer of 400 or more fails the test after
 * it ran, naming each one (issue 15: no console error or failed request on any screen).
 *
 * A test that provokes one on purpose lists it with `allowPageProblem(/pattern/)`.
 */
interface PageWatch {
  problems: string[]
  allowed: RegExp[]
}

export const test = base.extend<{ pageWatch: PageWatch; allowPageProblem: (pattern: RegExp) => void }>({
  pageWatch: [
    async ({ context }, use, testInfo) => {
      const watch: PageWatch = { problems: [], allowed: [] }
      const observe = (page: Page): void => {
        page.on('console', (msg) => {
          if (msg.type() === 'error') watch.problems.push(`console error on ${page.url()}: ${msg.text()}`)
        })
        page.on('pageerror', (err) => watch.problems.push(`uncaught exception on ${page.url()}: ${err.message}`))
        page.on('requestfailed', (req) => {
          const reason = req.failure()?.errorText ?? 'failed'
          // A navigation or reload aborts requests still in flight; that is not a failure of the app.
          if (reason === 'net::ERR_ABORTED') return
          watch.problems.push(`request failed: ${req.method()} ${req.url()} (${reason})`)
        })
        page.on('response', (res) => {
          if (res.status() >= 400) watch.problems.push(`HTTP ${res.status()} for ${res.request().method()} ${res.url()}`)
        })
      }
      context.pages().forEach(observe)
      context.on('page', observe)
      await use(watch)
      const unexpected = watch.problems.filter((p) => !watch.allowed.some((re) => re.test(p)))
      if (unexpected.length > 0 && testInfo.status === testInfo.expectedStatus) {
        throw new Error(`The page reported ${unexpected.length} problem(s):\n- ${unexpected.join('\n- ')}`)
      }
    },
    { auto: true },
  ],
  allowPageProblem: async ({ pageWatch }, use) => {
    await use((pattern: RegExp) => void pageWatch.allowed.push(pattern))
  },
})

/**
 * axe-core on the current page: fails on any serious or critical violation, naming the rule and
 * the elements. Moderate and minor ones are left to review (they are listed in the error too when
 * the check fails for another reason).
 */
export async function expectNoSeriousA11yViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze()
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  const described = serious.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n    ')}`,
  )
  expect(described, `axe on ${screen}`).toEqual([])
}

/** The two window sizes every screen is looked at in (issue 15). */
export const VIEWPORTS = { wide: { width: 1400, height: 900 }, narrow: { width: 1000, height: 700 } } as const

/**
 * A screenshot of the page attached to the test's artifacts (test-results/…), named after the
 * screen and state, so a reviewer can look at the screen without running the app.
 */
export async function attachScreenshot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize()
  const label = size ? `${name}-${size.width}x${size.height}` : name
  // Written to the test's output folder (kept after a pass), then attached by path for the reporters.
  const path = test.info().outputPath(`${label}.png`)
  await page.screenshot({ path, fullPage: false })
  await test.info().attach(`${label}.png`, { path, contentType: 'image/png' })
}
