// The form's connection test: what the typed keys got from each API, and whether the workspace can
// be saved (a missing or refused key blocks; an unreachable API allows "Save anyway").
import { useEffect, useRef } from 'react'
import { nextStep, type DraftReport, type IpcError, type WorkspaceKind } from '../../api'
import { ChecksTable, RegionLine } from './TestReport'

export type DraftState =
  | { phase: 'idle' }
  | { phase: 'testing'; saving: boolean }
  | { phase: 'done'; result: DraftReport; saving: boolean }
  | { phase: 'failed'; error: IpcError }

const HEADLINES: Record<DraftReport['verdict'], { saving: string; testing: string }> = {
  ready: { saving: 'Keys accepted', testing: 'Connection test passed: the keys are accepted' },
  blocked: { saving: 'Not saved: fix the keys highlighted above', testing: 'Connection test found problems: fix them before saving' },
  unreachable: {
    saving: 'Not saved yet: the APIs could not be reached, so the keys could not be checked',
    testing: 'The APIs could not be reached, so the keys could not be checked',
  },
}

interface DraftResultProps {
  state: DraftState
  kind: WorkspaceKind
  url: string | null
}

export function DraftResult({ state, kind, url }: DraftResultProps) {
  const ref = useRef<HTMLDivElement>(null)
  // The result sits under the fields, below the fold of a short window: bring it into view.
  useEffect(() => {
    if (state.phase === 'done' || state.phase === 'failed') ref.current?.scrollIntoView?.({ block: 'nearest' })
  }, [state])
  if (state.phase === 'idle') return <div role="status" aria-live="polite" className="sr-only" />
  if (state.phase === 'testing') {
    return (
      <div role="status" aria-live="polite" className="draft-result">
        <p className="test-summary">
          <span className="spinner" aria-hidden="true" /> {state.saving ? 'Checking the keys before saving…' : 'Testing the keys against Track, App and Pipelines…'}
        </p>
      </div>
    )
  }
  if (state.phase === 'failed') {
    return (
      <div ref={ref} role="status" aria-live="polite" className="draft-result">
        <p className="test-summary test-bad">
          <span aria-hidden="true">✕ </span>
          The connection test could not run: {state.error.message} <span className="muted">{nextStep(state.error)}</span>
        </p>
      </div>
    )
  }
  const { result } = state
  const good = result.verdict === 'ready'
  return (
    <div ref={ref} role="status" aria-live="polite" aria-atomic="true" className={`draft-result draft-${result.verdict}`}>
      <p className={`test-summary ${good ? 'test-ok' : 'test-bad'}`}>
        <span aria-hidden="true">{good ? '✓ ' : '✕ '}</span>
        {result.verdict === 'blocked' && state.saving && !result.problems.some((p) => p.blocking && p.key)
          ? 'Not saved: fix what is listed below first'
          : HEADLINES[result.verdict][state.saving ? 'saving' : 'testing']}
        <span className="sep"> · </span>
        <RegionLine report={result.report} kind={kind} url={url} />
      </p>
      {result.problems.length ? (
        <ul className="draft-problems" aria-label="What to check">
          {result.problems.map((p) => (
            <li key={p.message} className={p.blocking ? 'problem-blocking' : 'problem-note'}>
              <span aria-hidden="true">{p.blocking ? '✕ ' : '! '}</span>
              {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      {result.verdict === 'unreachable' ? (
        <p className="form-note">You can save anyway and use Test connection later, once the network is back.</p>
      ) : null}
      <details className="draft-details">
        <summary>Result per API</summary>
        <ChecksTable report={result.report} advice={{}} />
      </details>
    </div>
  )
}
