// Segments: the workspace's segments and their members. Not built yet.
import { EmptyState, Screen } from '../../components/EmptyState'

export function SegmentsScreen() {
  return (
    <Screen title="Segments" subtitle="Data-driven and manual segments with their members.">
      <EmptyState title="Segments will appear here" icon="◔" notYet>
        <p>
          This screen will list the workspace’s segments with their type and member count, and show who is
          in each one. Manual segment membership can be changed by importing a CSV of people on the{' '}
          <a href="#/import">Import</a> screen.
        </p>
        <p>How it fills: a sync pulls segments and their membership into the local mirror.</p>
      </EmptyState>
    </Screen>
  )
}
