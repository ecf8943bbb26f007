// Seeds N realistic people (names, emails, plans, countries, timestamps, devices, segment memberships)
// fast enough for 1,000,000 in well under a minute: one transaction, prepared statements, attributes
// serialised by hand, data-driven membership evaluated in memory as rows are generated.

import type { Services } from './services'
import { evaluateFilter } from './filters'
import { nextPk } from './store/db'

const FIRST = ['Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Edsger', 'Radia', 'Tim', 'Hedy', 'John', 'Katherine', 'Donald', 'Sophie', 'Yukihiro', 'Anita', 'Guido', 'Leslie', 'Niklaus', 'Shafi', 'Bjarne', 'Jean', 'Fatima', 'Mateo', 'Priya', 'Chen', 'Olga']
const LAST = ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen', 'Dijkstra', 'Perlman', 'Berners-Lee', 'Lamarr', 'McCarthy', 'Johnson', 'Knuth', 'Wilson', 'Matsumoto', 'Borg', 'van Rossum', 'Lamport', 'Wirth', 'Goldwasser', 'Stroustrup', 'Sammet', 'Khan', 'Garcia', 'Patel', 'Wei', 'Ivanova']
const COUNTRIES = [['US', 'New York'], ['US', 'Austin'], ['US', 'Seattle'], ['GB', 'London'], ['DE', 'Berlin'], ['FR', 'Paris'], ['CA', 'Toronto'], ['BR', 'São Paulo'], ['IN', 'Bangalore'], ['JP', 'Tokyo'], ['AU', 'Sydney'], ['ES', 'Madrid']] as const
const PLANS = ['free', 'free', 'free', 'basic', 'basic', 'pro', 'pro', 'enterprise'] as const

/** mulberry32: a small deterministic PRNG, so a seeded workspace is reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Manual segment 1 gets every 5th (small seeds) or 50th seeded person, so membership reads and exports have content. */
const MANUAL_SEGMENT_ID = 1

export function seedPeople(s: Services, count: number, seed = 42): { inserted: number; ms: number } {
  const started = Date.now()
  if (count <= 0) return { inserted: 0, ms: 0 }
  const rand = prng(seed + count)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]
  const firstPk = nextPk(s.db)
  const insert = s.db.prepare("INSERT OR IGNORE INTO people (pk, id, email, email_lc, attrs, ts, unsubscribed, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '{}', ?, ?, ?)")
  const device = s.db.prepare('INSERT OR IGNORE INTO devices (pk, token, platform, last_used, attrs) VALUES (?, ?, ?, ?, ?)')
  const member = s.db.prepare('INSERT OR IGNORE INTO segment_members (segment_id, pk) VALUES (?, ?)')
  const dynamic = s.segments.dynamicSegments()
  const hasManual = s.segments.get(MANUAL_SEGMENT_ID)?.type === 'manual'
  const every = count < 500 ? 5 : 50
  const now = Math.floor(Date.now() / 1000)
  const threeYears = 3 * 365 * 86400
  let inserted = 0

  s.tx(() => {
    for (let i = 0; i < count; i++) {
      const pk = firstPk + i
      const first = pick(FIRST)
      const last = pick(LAST)
      const [country, city] = pick(COUNTRIES)
      const plan = pick(PLANS)
      const createdAt = now - Math.floor(rand() * threeYears)
      const lastSeen = createdAt + Math.floor(rand() * (now - createdAt))
      const newsletter = rand() < 0.5 ? 'true' : 'false'
      const ltv = plan === 'free' ? 0 : Math.floor(rand() * 5000)
      const id = 'sbx-' + String(pk).padStart(7, '0')
      const email = `${first}.${last}.${pk}@example.com`.toLowerCase().replace(/ /g, '')
      const attrs: Record<string, string> = {
        first_name: first,
        last_name: last,
        plan,
        country,
        city,
        created_at: String(createdAt),
        last_seen_at: String(lastSeen),
        newsletter,
        lifetime_value: String(ltv),
      }
      const unsubscribed = rand() < 0.03 ? 1 : 0
      if (unsubscribed) attrs.unsubscribed = 'true'
      const info = insert.run(pk, id, email, email, JSON.stringify(attrs), unsubscribed, createdAt, lastSeen)
      if (info.changes === 0) continue
      inserted++
      if (rand() < 0.4) {
        const ios = rand() < 0.55
        device.run(pk, (ios ? 'apns-' : 'fcm-') + pk.toString(36) + Math.floor(rand() * 1e9).toString(36), ios ? 'ios' : 'android', lastSeen, ios ? '{"device_os":"17.4","app_version":"3.2.1","push_enabled":"true"}' : '{"device_os":"14","app_version":"3.2.1","push_enabled":"true"}')
      }
      const inManual = hasManual && i % every === 0
      if (inManual) member.run(MANUAL_SEGMENT_ID, pk)
      const person = { pk, id, email, attrs }
      for (const seg of dynamic) if (evaluateFilter(seg.filter, person, (sid) => sid === MANUAL_SEGMENT_ID && inManual)) member.run(seg.id, pk)
    }
  })
  return { inserted, ms: Date.now() - started }
}
