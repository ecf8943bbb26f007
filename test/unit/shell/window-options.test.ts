import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../../src-main/security/csp'
import { mainWindowOptions } from '../../../src-main/shell/window-options'

describe('the main window', () => {
  it('is isolated and sandboxed, without Node in the page', () => {
    const prefs = mainWindowOptions('/x/preload.js').webPreferences!
    expect(prefs.contextIsolation).toBe(true)
    expect(prefs.sandbox).toBe(true)
    expect(prefs.nodeIntegration).toBe(false)
    expect(prefs.nodeIntegrationInWorker).toBe(false)
    expect(prefs.webviewTag).toBe(false)
    expect(prefs.preload).toBe('/x/preload.js')
  })

  it('has a strict CSP: no remote scripts, no inline scripts, no framing', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe-inline/)
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'")
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'")
  })
})
