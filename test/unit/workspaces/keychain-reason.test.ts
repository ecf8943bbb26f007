import { describe, expect, it } from 'vitest'
import { keychainReason } from '../../../src-main/credentials/keytar-store'

describe('keychainReason', () => {
  it('says what failed in user terms, never the library or D-Bus wording', () => {
    expect(keychainReason("Cannot find module 'keytar'")).toBe('the keychain support of this cio-sync installation could not be loaded; reinstall cio-sync')
    expect(keychainReason('Cannot autolaunch D-Bus without X11 $DISPLAY')).toBe('no unlocked keychain service answered')
    expect(keychainReason('The name org.freedesktop.secrets was not provided by any .service files')).toBe('no unlocked keychain service answered')
    expect(keychainReason('Prompt dismissed')).toBe('the keychain is locked, or unlocking it was cancelled')
    expect(keychainReason('libsecret said no')).toBe('keychain said no')
  })
})
