import { expect, type Page } from './fixtures'
import { PEOPLE_FIXTURE } from './seed'

// Every screen of the app and the main dialogs and panels, each as a state that can be reached from
// anywhere in a seeded app (seed.ts: the sandbox "Acme" pulled, Ann with a pending edit and a plan
// conflict). The axe sweep (a11y-screens.spec.ts) and the screenshot tour (test/tour) walk this
// list; add a state here and both pick it up.

export interface ScreenState {
  /** file-name friendly: "people-panel" */
  name: string
  /** one line for the tour's index */
  description: string
  /** from any state of the app, to this one, ready to be looked at */
  reach: (page: Page) => Promise<void>
  /** back to a plain screen (close the dialog or panel); nothing by default */
  leave?: (page: Page) => Promise<void>
}

const SLOW = { timeout: 30_000 }

function nav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' })
}

/** Opens a screen from the navigation and waits for its heading. */
export async function openScreen(page: Page, label: string): Promise<void> {
  await nav(page).getByRole('link', { name: new RegExp(`^${label}`) }).click()
  await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible()
}

async function closeDialog(page: Page, name: string | RegExp): Promise<void> {
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog', { name })).toBeHidden()
}

async function openAnn(page: Page): Promise<void> {
  await openScreen(page, 'People')
  await page.getByRole('searchbox', { name: 'Search people' }).fill('ann@')
  // A click only selects a cell (as in Airtable); the row's expand button opens the person.
  const row = page.getByRole('grid', { name: 'People' }).getByRole('row').filter({ hasText: 'ann@example.com' })
  await row.getByRole('button', { name: /^Open / }).click()
  await expect(page.getByRole('dialog', { name: 'ann@example.com' }).getByRole('heading', { name: 'Attributes' })).toBeVisible(SLOW)
}

async function toMapping(page: Page): Promise<void> {
  await openScreen(page, 'Import')
  // Already on the Import screen at a later step: start over.
  const startOver = page.getByRole('button', { name: 'New import' })
  if (await startOver.isVisible()) await startOver.click()
  await page.getByLabel('Import kind').selectOption({ label: 'People' })
  await page.getByLabel('CSV file').setInputFiles(PEOPLE_FIXTURE)
  await page.getByRole('button', { name: 'Next: mapping' }).click()
  await expect(page.getByRole('button', { name: 'Plan import' })).toBeVisible(SLOW)
}

export const SCREEN_STATES: ScreenState[] = [
  {
    name: 'workspaces',
    description: 'Workspaces: the built-in Sandbox and “Acme” (active), keys shown only by their last characters',
    reach: (page) => openScreen(page, 'Workspaces'),
  },
  {
    name: 'workspaces-add',
    description: 'Add workspace dialog: region or URL, keys, production marker',
    reach: async (page) => {
      await openScreen(page, 'Workspaces')
      await page.getByRole('button', { name: 'Add workspace' }).click()
      await expect(page.getByRole('dialog', { name: 'Add workspace' })).toBeVisible()
    },
    leave: (page) => closeDialog(page, 'Add workspace'),
  },
  {
    name: 'workspaces-remove',
    description: 'Remove workspace dialog: what is deleted with it, typed confirmation',
    reach: async (page) => {
      await openScreen(page, 'Workspaces')
      await page.getByRole('row').filter({ hasText: 'Acme' }).getByRole('button', { name: 'Remove' }).click()
      await expect(page.getByRole('dialog', { name: /Remove/ })).toBeVisible()
    },
    leave: (page) => closeDialog(page, /Remove/),
  },
  {
    name: 'people',
    description: 'People after a pull: the mirror’s people in a grid, searchable and sortable offline',
    reach: async (page) => {
      await openScreen(page, 'People')
      await expect(page.getByRole('grid', { name: 'People' }).getByRole('row').nth(5)).toBeVisible(SLOW)
    },
  },
  {
    name: 'people-panel',
    description: 'A person’s panel: attributes with a pending edit and a conflict, segments, devices, messages',
    reach: openAnn,
    leave: async (page) => {
      await page.getByRole('button', { name: 'Close person panel' }).click()
      await expect(page.getByRole('dialog', { name: 'ann@example.com' })).toBeHidden()
    },
  },
  {
    name: 'people-save-view',
    description: 'Save view dialog: the search, filters and columns kept under a name',
    reach: async (page) => {
      await openScreen(page, 'People')
      await page.getByRole('button', { name: 'Save view…' }).click()
      await expect(page.getByRole('dialog', { name: 'Save view' })).toBeVisible()
    },
    leave: (page) => closeDialog(page, 'Save view'),
  },
  {
    name: 'segments',
    description: 'Segments with member counts (a first pull is a baseline; joined and left from the next one on); one segment’s members, Export CSV and Open in People',
    reach: async (page) => {
      await openScreen(page, 'Segments')
      await page.getByRole('button', { name: 'Paying customers' }).click()
      await expect(page.getByRole('button', { name: 'Paying customers' })).toHaveAttribute('aria-pressed', 'true')
    },
  },
  {
    name: 'collections',
    description: 'Collections and the rows of one, editable in place',
    reach: async (page) => {
      await openScreen(page, 'Collections')
      await page.getByRole('button', { name: 'store locations', exact: true }).click()
      await expect(page.getByRole('grid', { name: 'Rows of store locations' })).toContainText('Berlin', SLOW)
    },
  },
  {
    name: 'collections-add-row',
    description: 'Add row dialog of a collection (kept locally until the next push)',
    reach: async (page) => {
      await openScreen(page, 'Collections')
      await page.getByRole('button', { name: 'store locations', exact: true }).click()
      await page.getByRole('button', { name: 'Add row' }).click()
      await expect(page.getByRole('dialog', { name: /Add a row/ })).toBeVisible()
    },
    leave: (page) => closeDialog(page, /Add a row/),
  },
  {
    name: 'campaigns',
    description: 'Campaigns, broadcasts and newsletters with their metrics; one campaign open',
    reach: async (page) => {
      await openScreen(page, 'Campaigns')
      await page.getByRole('button', { name: 'Welcome series' }).click()
      await expect(page.getByRole('button', { name: 'Welcome series' })).toHaveAttribute('aria-pressed', 'true')
    },
  },
  {
    name: 'import',
    description: 'Import, first step: the kind of import and the file, with the recent imports underneath',
    reach: (page) => openScreen(page, 'Import'),
  },
  {
    name: 'import-mapping',
    description: 'Import mapping of test/fixtures/csv/people.csv: each column to an attribute, identifier and blanks',
    reach: toMapping,
  },
  {
    name: 'import-review',
    description: 'Import review: the plan’s creates, updates, invalid rows and data checks before anything is sent',
    reach: async (page) => {
      await toMapping(page)
      await page.getByRole('button', { name: 'Plan import' }).click()
      // The grid's rows arrive after the plan's summary.
      await expect(page.getByRole('grid', { name: 'Planned changes' }).getByRole('row').nth(1)).toBeVisible(SLOW)
    },
  },
  {
    name: 'changes',
    description: 'Changes: Ann’s pending first_name edit (old → new) and the one held by a conflict, ready to push',
    reach: async (page) => {
      await openScreen(page, 'Changes')
      await expect(page.getByRole('region', { name: 'e2e-ann' })).toBeVisible(SLOW)
    },
  },
  {
    name: 'conflicts',
    description: 'Conflicts: plan changed here and in Customer.io, base / mine / theirs side by side',
    reach: async (page) => {
      await openScreen(page, 'Conflicts')
      await expect(page.getByRole('region', { name: /plan of e2e-ann/ })).toBeVisible(SLOW)
    },
  },
  {
    name: 'sync',
    description: 'Sync: the running job, mirror completeness, schedules, one-line run history and the chart of runs per kind',
    reach: async (page) => {
      await openScreen(page, 'Sync')
      await expect(page.getByRole('table', { name: 'Sync history' })).toContainText(/succeeded/i, SLOW)
    },
  },
  {
    name: 'sync-add-schedule',
    description: 'Add schedule dialog: what to run, how often, in which hours',
    reach: async (page) => {
      await openScreen(page, 'Sync')
      await page.getByRole('button', { name: 'Add schedule' }).click()
      await expect(page.getByRole('dialog', { name: 'Add schedule' })).toBeVisible()
    },
    leave: (page) => closeDialog(page, 'Add schedule'),
  },
  {
    name: 'sync-menu',
    description: 'The header’s Sync split button opened: Pull only, Push N queued changes, Full re-pull, Deep pull',
    reach: async (page) => {
      await page.getByRole('button', { name: 'More sync actions' }).click()
      await expect(page.getByRole('menu', { name: 'Sync actions' })).toBeVisible()
    },
    leave: async (page) => {
      await page.keyboard.press('Escape')
      await expect(page.getByRole('menu', { name: 'Sync actions' })).toBeHidden()
    },
  },
  {
    name: 'notifications',
    description: 'The notification list (bell): background results, newest first, each naming its workspace',
    reach: async (page) => {
      await page.getByRole('button', { name: /^Notifications/ }).click()
      await expect(page.getByRole('list', { name: 'Notifications, newest first' }).or(page.getByText('No notifications'))).toBeVisible()
    },
    leave: async (page) => {
      await page.keyboard.press('Escape')
      await expect(page.getByRole('button', { name: /^Notifications/ })).toHaveAttribute('aria-expanded', 'false')
    },
  },
  {
    name: 'campaigns-transactional',
    description: 'Campaigns → Transactional: the templates with channel and last sent from here, each with Send to person…',
    reach: async (page) => {
      await openScreen(page, 'Campaigns')
      await page.getByRole('tab', { name: 'Transactional' }).click()
      await expect(page.getByRole('button', { name: /^Send “welcome” to a person/ })).toBeVisible(SLOW)
    },
  },
  {
    name: 'campaigns-send-template',
    description: 'Sending a transactional template: person picker, template picker, the request JSON under Show request',
    reach: async (page) => {
      await openScreen(page, 'Campaigns')
      await page.getByRole('tab', { name: 'Transactional' }).click()
      await page.getByRole('button', { name: /^Send “welcome” to a person/ }).click()
      await expect(page.getByRole('dialog', { name: /^Send/ })).toBeVisible()
    },
    leave: (page) => closeDialog(page, /^Send/),
  },
  {
    name: 'audit-log',
    description: 'Audit log: everything sent from this computer, filtered by kind, workspace and person, exportable as CSV',
    reach: (page) => openScreen(page, 'Audit log'),
  },
  {
    name: 'workspaces-sandbox-keys',
    description: 'The Sandbox’s keys revealed (they are not secrets), with copy buttons and curl examples',
    reach: async (page) => {
      await openScreen(page, 'Workspaces')
      await page.getByRole('row').filter({ hasText: 'Sandbox' }).getByRole('button', { name: 'Show keys' }).click()
      await expect(page.getByRole('dialog', { name: /^Keys of/ })).toBeVisible(SLOW)
    },
    leave: (page) => closeDialog(page, /^Keys of/),
  },
  {
    name: 'settings',
    description: 'Settings of the active workspace: request rates, attributes always pulled',
    reach: (page) => openScreen(page, 'Settings'),
  },
  {
    name: 'command-palette',
    description: 'Command palette (Ctrl+K): “conf” typed, Go to Conflicts highlighted',
    reach: async (page) => {
      await page.getByRole('button', { name: 'Commands' }).click()
      await page.getByRole('combobox', { name: 'Search commands' }).fill('conf')
      await expect(page.getByRole('dialog', { name: 'Command palette' }).getByRole('option', { selected: true })).toContainText('Go to Conflicts')
    },
    leave: (page) => closeDialog(page, 'Command palette'),
  },
  {
    name: 'keyboard-shortcuts',
    description: 'Keyboard shortcuts (?): every key the app answers to',
    reach: async (page) => {
      await page.locator('#main').focus()
      await page.keyboard.press('?')
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible()
    },
    leave: (page) => closeDialog(page, 'Keyboard shortcuts'),
  },
]
