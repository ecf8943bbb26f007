// Shapes stored in the mirror's JSON text columns. Kept apart from the table definitions so the
// sync and import code can import them without pulling in drizzle. Free-form columns (job
// checkpoints, outbox payloads, mappings) are typed `unknown` in the schema instead: each feature
// declares its own interface for them, and a TS interface is not assignable to JsonValue's index
// signature.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/** A person's attributes as Customer.io holds them (values as received; timestamps in seconds). */
export type Attributes = Record<string, unknown>

/**
 * Per-row changes of a plan or a push: attribute name → old and new value. A missing key means
 * "not set" (objects, not tuples, because JSON turns an undefined array slot into null, and null
 * is a real value to Customer.io).
 */
export type FieldChanges = Record<string, { from?: unknown; to?: unknown }>
