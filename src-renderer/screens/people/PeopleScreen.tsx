// People: the offline grid over the mirror. Not built yet; this screen says what it will do.
import { EmptyState, Screen } from '../../components/EmptyState'

export function PeopleScreen() {
  return (
    <Screen title="People" subtitle="Everyone in the local mirror of the active workspace.">
      <EmptyState title="People will appear here" icon="◉" notYet>
        <p>
          This screen will list every person in the workspace’s local mirror in a fast grid, searchable
          offline (press <kbd>/</kbd> to search). Open a person to see their attributes, the segments they
          belong to and any edit waiting to be pushed; edits you make here go to <a href="#/changes">Changes</a>{' '}
          and are sent on the next sync.
        </p>
        <p>How it fills: choose a workspace, then press <strong>Sync now</strong> to pull its people into the mirror.</p>
      </EmptyState>
    </Screen>
  )
}
