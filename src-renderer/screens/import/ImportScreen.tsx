// Import: the CSV pipeline (sniff → map → validate → preview → push → report → undo). Not built yet.
import { EmptyState, Screen } from '../../components/EmptyState'

export function ImportScreen() {
  return (
    <Screen title="Import" subtitle="Send a CSV file into Customer.io, safely.">
      <EmptyState title="CSV import is coming" icon="⇣" notYet>
        <p>
          Here you will drop a CSV of people, events, segment members, collection rows, devices or
          relationships; map its columns (remembered for next time); see every problem row; and review
          exactly what will be created, updated, cleared or left unchanged before anything is sent.
          The push then runs in batches with progress, pause and cancel, and ends with a report you can
          download and an undo.
        </p>
        <p>
          Rehearse in the <strong>Sandbox</strong> workspace first: it behaves like Customer.io but nothing
          reaches real customers.
        </p>
      </EmptyState>
    </Screen>
  )
}
