// Validation of Track attribute and event payloads against the documented limits, returning the
// documented rejection texts (docs/customerio-api.md §2.4, §2.5). Callers choose the envelope.

import { LIMITS } from './config'
import { byteLength, isPlainObject, jsonBytes } from './http-kit'

/** First problem with an identify body, or null. `subject` is "attribute" for people and objects alike. */
export function attributeProblem(attributes: Record<string, unknown>): { field: string; message: string } | null {
  const keys = Object.keys(attributes)
  if (keys.length > LIMITS.attributesPerCall) return { field: 'attributes', message: `cannot identify more than ${LIMITS.attributesPerCall} attributes in one request` }
  for (const key of keys) {
    if (byteLength(key) > LIMITS.attributeNameBytes) return { field: key, message: `attribute name cannot be longer than ${LIMITS.attributeNameBytes} bytes` }
    if (key === '') return { field: key, message: 'attribute name cannot be blank' }
    const value = attributes[key]
    const text = typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value)
    if (byteLength(text) > LIMITS.attributeValueBytes) return { field: key, message: `value for attribute '${key}' cannot be longer than ${LIMITS.attributeValueBytes} bytes` }
  }
  return identifierProblem(attributes.id, 'id', true)
}

/** Person/object id rules: string, non-empty, ≤ 150 bytes. `optional` allows absence. */
export function identifierProblem(value: unknown, field: string, optional: boolean): { field: string; message: string } | null {
  if (value === undefined || (optional && value === null)) return optional ? null : { field, message: `${field} attribute must be present` }
  if (typeof value !== 'string') return { field, message: `${field} attribute must be a string value` }
  if (value === '') return { field, message: `${field} attribute cannot be an empty string` }
  if (byteLength(value) > LIMITS.idBytes) return { field, message: `${field} cannot be longer than ${LIMITS.idBytes} bytes` }
  return null
}

/** Event name and data rules (§2.5). */
export function eventProblem(name: unknown, data: unknown): { field: string; message: string } | null {
  if (typeof name !== 'string' || name.trim() === '') return { field: 'name', message: 'event name must not be blank' }
  if (byteLength(name.trim()) > LIMITS.eventNameBytes) return { field: 'name', message: `event name cannot be longer than ${LIMITS.eventNameBytes} bytes` }
  if (data !== undefined && data !== null && !isPlainObject(data)) return { field: 'data', message: 'event data must be a hash (a JSON object)' }
  if (data !== undefined && jsonBytes(data) > LIMITS.eventDataBytes) return { field: 'data', message: `event data cannot be longer than ${LIMITS.eventDataBytes} bytes` }
  return null
}

export const EVENT_TYPES = new Set(['event', 'page', 'screen'])
