// Outbox and conflict rows name what they are about by an entity key: `person:<pk>` (the mirror's
// people.pk) or `collection:<id>`. A person's key is written and read only through these helpers.

export type PersonEntityKey = `person:${number}`

/** SQL LIKE pattern matching every person's entity key. */
export const PERSON_ENTITY_KEY_LIKE = 'person:%'

export function personEntityKey(pk: number): PersonEntityKey {
  return `person:${pk}`
}

/** The people.pk a key names; null for any other entity (a collection) or a malformed key. */
export function personPkOf(entityKey: string): number | null {
  const match = /^person:(\d+)$/.exec(entityKey)
  return match ? Number(match[1]) : null
}
