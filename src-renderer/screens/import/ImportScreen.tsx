// Import: a CSV into Customer.io, safely. File → Mapping → Review → Push → Report, one step at a
// time, with the recent imports underneath (each reopens at its review or report).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { EmptyState, Screen } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { useRegisterCommands, type Command } from '../../state/commands'
import { useWorkspaces } from '../../state/workspaces'
import { ConfirmDeleteDialog } from './ConfirmDeleteDialog'
import { ConfirmPushDialog } from './ConfirmPushDialog'
import { FileStep } from './FileStep'
import { ImportHistory } from './ImportHistory'
import { changesToSend } from './importKinds'
import { MappingStep, mappingBlocker } from './MappingStep'
import { PushStep } from './PushStep'
import { ReportStep } from './ReportStep'
import { ReviewStep } from './ReviewStep'
import { Stepper, type StepId } from './Stepper'
import { useFileIntake } from './useFileIntake'
import { useImportRun, type PlanRequest, type RunPhase } from './useImportRun'
import type { TextEncoding } from './useFileIntake'

const STEP_OF_PHASE: Partial<Record<RunPhase, StepId>> = { planning: 'review', planned: 'review', pushing: 'push', paused: 'push', pushed: 'report' }

export function ImportScreen() {
  const { active } = useWorkspaces()
  const intake = useFileIntake()
  const [historyVersion, setHistoryVersion] = useState(0)
  const run = useImportRun(useCallback(() => setHistoryVersion((v) => v + 1), []))
  const [step, setStep] = useState<StepId>('file')
  // A push waiting for the production confirmation: all rows (undefined) or only fixed ones, and
  // the deletions already confirmed.
  const [confirming, setConfirming] = useState<{ rows?: number[]; deletions?: number } | null>(null)
  // A push of a plan that deletes people, waiting for the user to confirm that many deletions.
  const [deleting, setDeleting] = useState<{ rows?: number[] } | null>(null)
  const confirmedName = useRef<string | null>(null)
  const workspaceId = active?.id ?? null

  // Follow the run: a plan opens Review, a push opens Push, its end opens the Report.
  useEffect(() => {
    const next = STEP_OF_PHASE[run.phase]
    if (next) setStep(next)
  }, [run.phase, run.importId])

  // The typed production confirmation holds for one import (its resume and re-pushes) only.
  useEffect(() => {
    confirmedName.current = null
  }, [run.importId])

  // Another workspace: start over.
  const { reset: resetIntake } = intake
  const { reset: resetRun } = run
  useEffect(() => {
    resetIntake()
    resetRun()
    setStep('file')
    confirmedName.current = null
  }, [workspaceId, resetIntake, resetRun])

  // On this screen the palette's "New import" starts over here instead of only coming here.
  const canStartOver = step !== 'file' && run.phase !== 'pushing'
  const startOver = useCallback(() => {
    resetIntake()
    resetRun()
    setStep('file')
  }, [resetIntake, resetRun])
  useRegisterCommands(
    useMemo<Command[]>(() => (canStartOver ? [{ id: 'import.new', label: 'New import', group: 'This screen', keywords: ['start over', 'csv'], run: startOver }] : []), [canStartOver, startOver]),
  )

  if (!active) {
    return (
      <Screen title="Import" subtitle="Send a CSV file into Customer.io, safely.">
        <EmptyState title="No active workspace" icon="⇣" actions={<a href="#/workspaces">Choose a workspace</a>}>
          <p>An import goes into the active workspace. Choose or add one first; the Sandbox workspace is the safe place to rehearse.</p>
        </EmptyState>
      </Screen>
    )
  }
  const workspace = active

  const blocker = intake.mapping ? mappingBlocker(intake.mapping, intake.segmentId, intake.collectionName) : 'Choose a file first.'
  const plan = (overrides: Pick<PlanRequest, 'encoding' | 'acceptStrayBytes'> = {}) => {
    if (!intake.uploadId || !intake.mapping || blocker) return
    void run.plan({
      encoding: intake.encoding ?? undefined,
      acceptStrayBytes: intake.acceptStrayBytes,
      ...overrides,
      workspaceId: workspace.id,
      uploadId: intake.uploadId,
      mapping: intake.mapping,
      duplicates: intake.duplicates,
      via: (intake.kind === 'people' || intake.kind === 'events') && workspace.credentials.writeKey.set ? intake.via : 'track',
      segmentId: intake.kind === 'segment-members' ? Number(intake.segmentId) : undefined,
      collectionName: intake.kind === 'collection' ? intake.collectionName.trim() : undefined,
    })
  }

  // Deletions are confirmed on every push that may send them (never remembered like the typed
  // production name); re-pushing fixed rows sends none (an undo's rows cannot be edited).
  /** The file read in another encoding: planned again at once when its header reads the same, else back to the mapping. */
  async function changeEncoding(encoding: TextEncoding) {
    const mappingKept = await intake.setEncoding(encoding)
    if (mappingKept) plan({ encoding })
    else setStep('mapping')
  }

  function push(rows?: number[], deletionsConfirmed = false) {
    const deletions = run.summary?.delete ?? 0
    if (deletions > 0 && !rows?.length && !deletionsConfirmed) return setDeleting({ rows })
    const confirmed = deletions > 0 && deletionsConfirmed ? deletions : undefined
    if (workspace.production && confirmedName.current !== workspace.name) setConfirming({ rows, deletions: confirmed })
    else void run.push(workspace.production ? workspace.name : undefined, rows, confirmed)
  }

  const reachable = (s: StepId): boolean => {
    const busy = run.phase === 'pushing' || run.phase === 'planning'
    switch (s) {
      case 'file':
        return !busy
      case 'mapping':
        return !busy && intake.mapping != null
      case 'review':
        return run.summary != null && run.phase !== 'pushing'
      case 'push':
        return run.phase === 'pushing' || run.phase === 'paused'
      case 'report':
        return run.summary?.push != null && run.phase !== 'pushing'
    }
  }

  return (
    <Screen
      title="Import"
      subtitle={
        <>
          Send a CSV file into “{workspace.name}”{workspace.production ? <span className="badge badge-production badge-small">PRODUCTION</span> : null}. You
          see every change before anything is sent.
        </>
      }
      actions={
        canStartOver ? (
          <button type="button" onClick={startOver}>
            New import
          </button>
        ) : null
      }
    >
      <Stepper current={step} reachable={reachable} onGo={setStep} />
      {run.error ? <ErrorAlert title={run.error.title} error={run.error.error} onDismiss={run.clearError} /> : null}

      {step === 'file' ? <FileStep intake={intake} onNext={() => setStep('mapping')} /> : null}
      {step === 'mapping' && intake.inspection && intake.mapping ? (
        <MappingStep
          inspection={intake.inspection}
          mapping={intake.mapping}
          onChange={intake.setMapping}
          duplicates={intake.duplicates}
          onDuplicates={intake.setDuplicates}
          via={intake.via}
          onVia={intake.setVia}
          pipelinesAvailable={workspace.credentials.writeKey.set}
          blocker={blocker}
          planning={run.phase === 'planning'}
          onPlan={plan}
        />
      ) : null}
      {step === 'review' ? (
        <ReviewStep
          run={run}
          onPush={() => push()}
          onOpenReport={() => setStep('report')}
          onReplan={intake.uploadId && intake.mapping && !blocker ? () => plan() : null}
          onEncoding={intake.uploadId && intake.mapping && !blocker ? (e) => void changeEncoding(e) : null}
          onAcceptStrayBytes={
            intake.uploadId && intake.mapping && !blocker
              ? (accept) => {
                  intake.setAcceptStrayBytes(accept)
                  plan({ acceptStrayBytes: accept })
                }
              : null
          }
          acceptStrayBytes={intake.acceptStrayBytes}
        />
      ) : null}
      {step === 'push' ? <PushStep run={run} onResume={() => push()} /> : null}
      {step === 'report' && run.summary ? <ReportStep run={run} summary={run.summary} onRepush={(rows) => push(rows)} onResume={() => push()} /> : null}

      {deleting && run.summary ? (
        <ConfirmDeleteDialog
          workspaceName={workspace.name}
          deletions={run.summary.delete}
          otherChanges={changesToSend(run.summary) - run.summary.delete}
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const rows = deleting.rows
            setDeleting(null)
            push(rows, true)
          }}
        />
      ) : null}
      {confirming && run.summary ? (
        <ConfirmPushDialog
          workspaceName={workspace.name}
          rows={confirming.rows?.length ?? changesToSend(run.summary)}
          onCancel={() => setConfirming(null)}
          onConfirm={(typed) => {
            confirmedName.current = typed
            const { rows, deletions } = confirming
            setConfirming(null)
            void run.push(typed, rows, deletions)
          }}
        />
      ) : null}

      <ImportHistory workspaceId={workspace.id} version={historyVersion} openId={run.importId} onOpen={(id) => void run.open(id)} />
    </Screen>
  )
}
