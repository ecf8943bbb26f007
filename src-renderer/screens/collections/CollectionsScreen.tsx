// Collections: lookup tables used in messages. Not built yet.
import { EmptyState, Screen } from '../../components/EmptyState'

export function CollectionsScreen() {
  return (
    <Screen title="Collections" subtitle="Lookup data you reference in messages.">
      <EmptyState title="Collections will appear here" icon="▤" notYet>
        <p>
          This screen will show each collection and its rows, let you review them offline and replace a
          collection’s content from a CSV, with a preview of every change before it is sent.
        </p>
        <p>How it fills: a sync pulls the workspace’s collections and their content.</p>
      </EmptyState>
    </Screen>
  )
}
