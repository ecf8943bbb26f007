#!/usr/bin/env bash
# Every test: typecheck, lint, build, unit + integration (vitest) and end-to-end (Playwright in
# Debian's Chromium), inside a private D-Bus session with an unlocked gnome-keyring so keytar talks
# to a real Secret Service. Ends with one plain line "N passed, N failed, N skipped" summing all suites.
set -uo pipefail
cd "$(dirname "$0")/.."
export NO_COLOR=1 FORCE_COLOR=0 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if [ -z "${CIO_SYNC_IN_KEYRING:-}" ]; then
  # Tools write to $HOME (keyrings, Chromium profile, caches): give the run its own.
  TEST_HOME=$(mktemp -d "${TMPDIR:-/tmp}/cio-sync-test-home.XXXXXX")
  export CIO_SYNC_REAL_HOME="$HOME"
  exec env HOME="$TEST_HOME" CIO_SYNC_IN_KEYRING=1 dbus-run-session -- bash -c \
    'echo -n cio-sync-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec bash "$0" "$@"' "$0" "$@"
fi

reports=$(mktemp -d "${TMPDIR:-/tmp}/cio-sync-reports.XXXXXX")
status=0
step() { echo; echo "== $*"; }

step typecheck; npx tsc --noEmit -p tsconfig.json || status=1
step lint; npx eslint . || status=1
step build; npx electron-vite build >/dev/null || { echo "build failed"; status=1; }

step "unit and integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest.json" || status=1

step "end-to-end tests (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/playwright.json" npx playwright test --reporter=list,json || status=1

node scripts/summarize-tests.mjs "$reports/vitest.json" "$reports/playwright.json" || status=1
exit $status
