// The default workspace: what makes every request of the seed Postman collection meaningful.
// Manual segment 1, campaign 1, API-triggered broadcast 1, transactional messages `welcome` (email),
// `alert` (push) and `otp` (SMS), data-driven segments, collections, a newsletter, and deliveries with
// metrics for the seeded people. Run once, when the workspace is created.

import type { Services } from './services'
import { nowSeconds } from './http-kit'
import { seedPeople } from './seed-people'
import { cioIdOf } from './store/db'

export const DEFAULT_PEOPLE = 20

export function seedDefault(s: Services, people: number): { peopleMs: number } {
  const now = nowSeconds()
  s.tx(() => {
    s.segments.create({ id: 1, name: 'Rehearsal list', description: 'Manual segment for imports and API tests', type: 'manual' })
    s.segments.create({ id: 2, name: 'Pro plan', description: 'People on the pro plan', type: 'dynamic', filter: { attribute: { field: 'plan', operator: 'eq', value: 'pro' } } })
    s.segments.create({ id: 3, name: 'Enterprise plan', type: 'dynamic', filter: { attribute: { field: 'plan', operator: 'eq', value: 'enterprise' } } })
    s.segments.create({ id: 4, name: 'United States', type: 'dynamic', filter: { attribute: { field: 'country', operator: 'eq', value: 'US' } } })
    s.segments.create({ id: 5, name: 'Newsletter subscribers', type: 'dynamic', filter: { and: [{ attribute: { field: 'newsletter', operator: 'eq', value: 'true' } }, { attribute: { field: 'email', operator: 'exists' } }] } })
    s.segments.create({ id: 6, name: 'Paying customers', type: 'dynamic', tags: ['billing'], filter: { or: [{ attribute: { field: 'plan', operator: 'eq', value: 'basic' } }, { attribute: { field: 'plan', operator: 'eq', value: 'pro' } }, { attribute: { field: 'plan', operator: 'eq', value: 'enterprise' } }] } })

    const campaign = (id: number, name: string, extra: Record<string, unknown>) => ({
      id, deduplicate_id: `${id}:${now}`, name, description: '', created: now - 86400 * 30, updated: now - 86400, active: true, state: 'running', first_started: now - 86400 * 29, tags: [], msg_templates: [], trigger_segment_ids: [], filter_segment_ids: [], ...extra,
    })
    s.catalog.addCampaign('campaign', campaign(1, 'Welcome series', { type: 'event', event_name: 'signup', actions: [{ type: 'email', id: 1 }, { type: 'email', id: 2 }], msg_templates: [{ type: 'email', id: 1 }, { type: 'email', id: 2 }], filter_segment_ids: [5] }))
    s.catalog.addCampaign('campaign', campaign(2, 'Upgrade nudge', { type: 'segment', actions: [{ type: 'email', id: 3 }], msg_templates: [{ type: 'email', id: 3 }], trigger_segment_ids: [6] }))
    s.catalog.addCampaign('broadcast', { ...campaign(1, 'Product announcement (API-triggered)', { type: 'triggered_broadcast', actions: [{ type: 'email', id: 101 }] }), segment_id: 1 })
    s.catalog.addCampaign('newsletter', { id: 1, deduplicate_id: `1:${now}`, name: 'Monthly newsletter', type: 'email', created: now - 86400 * 20, updated: now - 86400 * 20, sent_at: now - 86400 * 19, content_ids: [1], tags: [] })

    s.catalog.addTransactional({ id: 1, name: 'welcome', type: 'email', body: { subject: 'Welcome, {{message_data.name}}', from: 'hello@sandbox.example', description: 'Welcome email' } })
    s.catalog.addTransactional({ id: 2, name: 'alert', type: 'push', body: { title: 'Alert', description: 'Account alert push' } })
    s.catalog.addTransactional({ id: 3, name: 'otp', type: 'sms', body: { description: 'One-time passcode SMS' } })

    const collection = (name: string, rows: Record<string, unknown>[]) => {
      const text = JSON.stringify(rows)
      s.db.prepare('INSERT INTO collections (name, data, bytes, rows, schema, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(name, text, Buffer.byteLength(text), rows.length, JSON.stringify(Object.keys(rows[0])), now, now)
    }
    collection('upcoming events', [{ eventDate: '2026-12-10', eventName: 'Winter webinar', presents: 'Ada' }, { eventDate: '2027-01-15', eventName: 'Release party', presents: 'Grace' }])
    collection('store locations', [{ city: 'Berlin', street: 'Torstraße 1' }, { city: 'Austin', street: 'Congress Ave 100' }, { city: 'Tokyo', street: 'Shibuya 2-21' }])
  })

  const { ms } = seedPeople(s, people)
  seedDeliveries(s, now)
  return { peopleMs: ms }
}

/** Deliveries for up to 200 seeded people so messages, metrics and delivery exports have data. */
function seedDeliveries(s: Services, now: number): void {
  const rows = s.db.prepare('SELECT pk, id, email FROM people ORDER BY pk LIMIT 200').all() as { pk: number; id: string | null; email: string | null }[]
  s.tx(() => {
    rows.forEach((p, i) => {
      const created = now - (i % 30) * 86400 - 3600
      const metrics: Record<string, number> = { created, sent: created + 5, delivered: created + 30 }
      if (i % 2 === 0) metrics.opened = created + 600
      if (i % 5 === 0) metrics.clicked = created + 700
      if (i % 17 === 0) metrics.converted = created + 900
      const identifiers = { id: p.id, email: p.email, cio_id: cioIdOf(p.pk) }
      s.catalog.addMessage({ pk: p.pk, type: 'email', campaign_id: 1, action_id: 1, recipient: p.email ?? '', subject: 'Welcome aboard', created, metrics, customer_id: p.id, customer_identifiers: identifiers })
      if (i % 3 === 0) s.catalog.addMessage({ pk: p.pk, type: 'email', newsletter_id: 1, recipient: p.email ?? '', subject: 'Monthly newsletter', created: created - 3600, metrics: { created: created - 3600, sent: created - 3590, delivered: created - 3500 }, customer_id: p.id, customer_identifiers: identifiers })
    })
  })
}
