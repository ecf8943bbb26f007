#!/usr/bin/env bash
# `npm run tour`: builds the UI, then writes the screenshot tour (test/tour) to $TOUR_DIR (default
# tour/). Like `npm test`, inside a private D-Bus session with its own unlocked gnome-keyring where
# one is available, so the tour's workspace keys never touch your own keychain.
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if [ -z "${CIO_SYNC_IN_KEYRING:-}" ] && command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  TOUR_HOME=$(mktemp -d "${TMPDIR:-/tmp}/cio-sync-tour-home.XXXXXX")
  exec env HOME="$TOUR_HOME" CIO_SYNC_IN_KEYRING=1 dbus-run-session -- bash -c \
    'echo -n cio-sync-tour | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec bash "$0" "$@"' "$0" "$@"
fi

npx electron-vite build >/dev/null
npx playwright test -c playwright.tour.config.ts --reporter=list "$@"
