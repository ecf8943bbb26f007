// Small workspaces (and the sandbox) are pulled through customer search plus bulk attributes
// instead of an export (docs/customerio-api.md §4.3): one search page lists everyone, and the bulk
// attributes call returns every attribute and every device of up to 100 people. That is faster
// than waiting for an export to be built, has no attribute-sampling gap, and fills devices, which
// an export file does not carry. Larger workspaces use the export (people-pull.ts).

import { PeopleWriter } from '../../merge/people-writer'
import { personFromRecord, type RemotePerson } from '../../merge/person-merge'
import type { PullEnv } from './pull-state'
import { EVERYONE } from './everyone-filter'

/** One search page: the App API's maximum `limit` for customer search (§4.3). */
export const SMALL_PULL_MAX = 1000
const ATTRIBUTES_PER_CALL = 100

/**
 * Pulls people through search + bulk attributes when everyone fits in one search page; returns
 * false (having written nothing) when the workspace is larger. Not checkpointed inside: it is at
 * most 11 requests, and a resumed run simply repeats it, which converges to the same mirror.
 */
export async function trySmallPeoplePull(env: PullEnv): Promise<boolean> {
  env.progress('people', 0, null)
  const first = await env.reads.searchCustomers(EVERYONE, { limit: SMALL_PULL_MAX })
  // Some deployments send a non-empty `next` with the last page (§2.8): only a full page means more.
  if (first.next && first.items.length >= SMALL_PULL_MAX) return false
  const cioIds = first.items.map((i) => i.cio_id)
  const people: RemotePerson[] = []
  for (let i = 0; i < cioIds.length; i += ATTRIBUTES_PER_CALL) {
    env.signal.throwIfAborted()
    const records = await env.reads.customersAttributesByCioId(cioIds.slice(i, i + ATTRIBUTES_PER_CALL))
    for (const r of records) people.push(personFromRecord(r))
    env.progress('people', Math.min(i + ATTRIBUTES_PER_CALL, cioIds.length), cioIds.length)
  }
  env.signal.throwIfAborted()
  const existing = env.sqlite.prepare('SELECT count(*) FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?)').pluck().get(env.workspaceId) as number
  const writer = new PeopleWriter(env.sqlite, env.workspaceId, existing === 0 ? 'fresh' : 'compare', env.now())
  env.sqlite.transaction(() => {
    writer.apply(people, env.state.counts.people)
    // The search listed everyone, so whoever the mirror has and the search did not is gone.
    writer.tombstoneUnseen(env.state.counts.people)
    env.save()
  })()
  return true
}
