// What each import kind needs: its label, reserved targets, the columns a CSV should have, and
// the shapes the Import screen passes around (derived from the imports contract, types only).
import type { z } from 'zod'
import type { columnMapping, fieldChange, mapping, ImportKind } from '../../../src-main/contract/imports'
import type { CioApi, ImportSummary, PlanRow } from '../../api'

export type { ImportSummary, PlanRow }
export type Mapping = z.output<typeof mapping>
export type ColumnMapping = z.output<typeof columnMapping>
export type FieldChange = z.output<typeof fieldChange>
export type { ImportKind }
export type IdentifierType = NonNullable<Mapping['identifier']>['type']
export type ValueType = ColumnMapping['type']
export type PlanBucket = PlanRow['bucket']

type Answer<F extends (...args: never[]) => Promise<unknown>> = Extract<Awaited<ReturnType<F>>, { ok: true }>['value']
export type Inspection = Answer<CioApi['imports']['inspect']>
export type PlanRowsPage = Answer<CioApi['imports']['rows']>
export type DuplicatesView = Answer<CioApi['imports']['duplicates']>

export const IDENTIFIER_TYPES: IdentifierType[] = ['id', 'email', 'cio_id']
export const VALUE_TYPES: ValueType[] = ['string', 'number', 'boolean', 'timestamp', 'json']
export const PLAN_BUCKETS: PlanBucket[] = ['create', 'update', 'delete', 'unchanged', 'invalid', 'duplicate']

/** The buckets a plan can hold: 'delete' only in an undo plan that deletes people, so a file plan shows no empty deletion count. */
export function bucketsOf(s: Pick<ImportSummary, 'delete'>): PlanBucket[] {
  return s.delete > 0 ? PLAN_BUCKETS : PLAN_BUCKETS.filter((b) => b !== 'delete')
}

interface KindInfo {
  label: string
  /** targets with a meaning of their own; any other target is an attribute (or data field) */
  reserved: string[]
  /** the columns a file of this kind should have, for the empty state */
  needs: string
  example: string
}

export const KINDS: Record<ImportKind, KindInfo> = {
  people: {
    label: 'People',
    reserved: ['id', 'email', 'cio_id', 'created_at'],
    needs: 'One identifier column (id, email or cio_id) and one column per attribute. A blank cell is skipped or clears the attribute, as you choose per column.',
    example: 'email,first_name,plan,created_at\nada@example.com,Ada,pro,2024-03-01',
  },
  events: {
    label: 'Events',
    reserved: ['id', 'email', 'cio_id', 'event_name', 'timestamp', 'event_id'],
    needs: 'An identifier column, an event_name column and optionally a timestamp (unix seconds or a date). Every other column becomes event data. Each row gets a stable event id, so sending the file twice records each event once.',
    example: 'id,event_name,timestamp,amount\n1042,purchase,1717430400,49.90',
  },
  'segment-members': {
    label: 'Segment members',
    reserved: ['id', 'email', 'cio_id', 'action'],
    needs: 'An identifier column and optionally an action column (add or remove; add when absent). The segment must be a manual segment: give its ID below.',
    example: 'email,action\nada@example.com,add\nbob@example.com,remove',
  },
  collection: {
    label: 'Collection',
    reserved: [],
    needs: 'A header row of field names; each data row becomes one item of the collection, which is created or replaced. At most 10 MB in all and 10 KB per row.',
    example: 'sku,name,price\nA-100,Desk lamp,39.00',
  },
  devices: {
    label: 'Devices',
    reserved: ['id', 'email', 'cio_id', 'device_token', 'platform', 'last_used'],
    needs: 'An identifier column, device_token and platform (ios or android), optionally last_used. Other columns become device attributes.',
    example: 'id,device_token,platform,last_used\n1042,f3a9…,ios,1717430400',
  },
  relationships: {
    label: 'Relationships',
    reserved: ['id', 'email', 'cio_id', 'object_type_id', 'object_id'],
    needs: 'An identifier column, object_type_id and object_id. Other columns become attributes of the relationship.',
    example: 'email,object_type_id,object_id,role\nada@example.com,1,acme-inc,admin',
  },
}

export const KIND_ORDER = Object.keys(KINDS) as ImportKind[]

/** Imports that move no data rows (no identifier column). */
export function needsIdentifier(kind: ImportKind): boolean {
  return kind !== 'collection'
}

/** States of a plan that can never be pushed (discarded, or stopped before its end). */
const CLOSED_STATES = new Set(['discarded', 'plan-failed', 'plan-interrupted', 'plan-cancelled'])

/** Rows that a push would send (deletions included: they are sent too, after a confirmation); none for a plan that cannot be pushed. */
export function changesToSend(s: Pick<ImportSummary, 'create' | 'update' | 'delete' | 'state'>): number {
  return CLOSED_STATES.has(s.state) ? 0 : s.create + s.update + s.delete
}
