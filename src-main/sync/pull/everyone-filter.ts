import type { Filter } from 'customerio-node'
import { FilterOperator } from 'customerio-node'

/**
 * Everyone: a person always has an id or an email (Customer.io refuses a profile with neither),
 * so this matches people with only an id and people with only an email alike.
 */
export const EVERYONE: Filter = {
  or: [{ attribute: { field: 'id', operator: FilterOperator.Exists } }, { attribute: { field: 'email', operator: FilterOperator.Exists } }],
}
