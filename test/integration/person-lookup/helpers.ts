// Shared by the person-lookup tests: someone created in Customer.io behind the mirror's back, as a
// Track identify (docs/customerio-api.md §3.1) that the sandbox applies at once (no processing lag).

import type { SandboxHandle } from '../../../src-main/sandbox'

export { admin, type RequestLog } from '../import/harness'

export async function identify(sandbox: SandboxHandle, ident: string, attributes: Record<string, unknown>): Promise<void> {
  const auth = Buffer.from(`${sandbox.siteId}:${sandbox.trackApiKey}`).toString('base64')
  const res = await fetch(`${sandbox.url}/api/v1/customers/${encodeURIComponent(ident)}`, {
    method: 'PUT',
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
    body: JSON.stringify(attributes),
  })
  if (res.status !== 200) throw new Error(`identify ${ident}: HTTP ${res.status} ${await res.text()}`)
}

/** A person's attributes as the App API holds them (to check what a push sent). */
export async function remoteAttributes(sandbox: SandboxHandle, id: string): Promise<Record<string, string>> {
  const res = await fetch(`${sandbox.url}/v1/customers/${encodeURIComponent(id)}/attributes?id_type=id`, { headers: { authorization: `Bearer ${sandbox.appApiKey}` } })
  if (!res.ok) throw new Error(`attributes of ${id}: HTTP ${res.status}`)
  return ((await res.json()) as { customer: { attributes: Record<string, string> } }).customer.attributes
}
