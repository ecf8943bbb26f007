// Changes: the outbox of offline edits and the conflicts to resolve. Not built yet.
import { DiffLegend } from '../../components/DiffTag'
import { EmptyState, Screen } from '../../components/EmptyState'

export function ChangesScreen() {
  return (
    <Screen title="Changes" subtitle="Local edits waiting to be pushed, and conflicts to resolve.">
      <EmptyState title="No pending changes to show yet" icon="±" notYet>
        <p>
          Edits made offline wait here until they are pushed to Customer.io with a conflict check. When a
          field was changed both here and in Customer.io, it shows as a conflict that you resolve field by
          field: keep mine, keep theirs, or edit.
        </p>
        <p>Every change in cio-sync is described with the same marks:</p>
        <DiffLegend />
      </EmptyState>
    </Screen>
  )
}
