// The five steps of an import, in order. Steps already reached are buttons to go back to.
export const STEPS = [
  { id: 'file', label: 'File' },
  { id: 'mapping', label: 'Mapping' },
  { id: 'review', label: 'Review' },
  { id: 'push', label: 'Push' },
  { id: 'report', label: 'Report' },
] as const

export type StepId = (typeof STEPS)[number]['id']

interface StepperProps {
  current: StepId
  /** steps the user may open now */
  reachable: (step: StepId) => boolean
  onGo: (step: StepId) => void
}

export function Stepper({ current, reachable, onGo }: StepperProps) {
  const at = STEPS.findIndex((s) => s.id === current)
  return (
    <nav aria-label="Import steps">
      <ol className="stepper">
        {STEPS.map((s, i) => {
          const state = i < at ? 'done' : i === at ? 'current' : 'todo'
          const mark = state === 'done' ? '✓' : String(i + 1)
          const content = (
            <>
              <span className="step-mark" aria-hidden="true">
                {mark}
              </span>
              <span className="step-label">{s.label}</span>
              {state === 'done' ? <span className="sr-only"> (done)</span> : null}
            </>
          )
          return (
            <li key={s.id} className={`step step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              {state !== 'current' && reachable(s.id) ? (
                <button type="button" className="step-button" onClick={() => onGo(s.id)}>
                  {content}
                </button>
              ) : (
                <span className="step-button">{content}</span>
              )}
            </li>
          )
        })}
      </ol>
    </nav>
  )
}
