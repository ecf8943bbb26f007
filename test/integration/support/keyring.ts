/**
 * keytar needs a Secret Service. `npm test` runs everything inside a private D-Bus session with an
 * unlocked gnome-keyring; a run outside it fails here, loudly, instead of skipping the keychain.
 */
export function requireKeyring(): void {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error('no D-Bus session: run the tests with `npm test` (scripts/test-all.sh starts dbus-run-session and gnome-keyring)')
  }
}
