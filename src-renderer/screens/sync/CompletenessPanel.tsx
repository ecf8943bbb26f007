// Completeness of the people mirror (issue 13). A pull reads people through the activity feed, an
// export or one search page, and none of them promises every attribute of every person: an export
// has only the columns it asks for, and the feed only what changed. A deep pull reads everyone in
// full. This section says which attribute names are known, when a deep pull last completed
// everyone, and which path the last pull took and why, so a missing attribute is not a mystery.
// Read again whenever a pull, deep pull or sync ends (mirrorVersion).
import { useCallback, useEffect, useState } from 'react'
import { call, type IpcError, type MirrorStatus } from '../../api'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatAgo, formatCount, formatDateTime } from '../../components/format'
import { useJobs } from '../../state/jobs'

type Coverage = MirrorStatus['attributeCoverage']

const PULL_TEXT: Record<NonNullable<Coverage['lastPeoplePull']>, string> = {
  incremental: 'incremental (activity feed)',
  export: 'full export',
  search: 'one search page',
}

export function CompletenessPanel({ workspaceId }: { workspaceId: string }) {
  const { mirrorVersion } = useJobs()
  const [coverage, setCoverage] = useState<Coverage | null>(null)
  const [error, setError] = useState<IpcError | null>(null)

  const load = useCallback(async () => {
    const r = await call((cio) => cio.mirror.status({ workspaceId }))
    if (r.ok) {
      setCoverage(r.value.attributeCoverage)
      setError(null)
    } else setError(r.error)
  }, [workspaceId])

  useEffect(() => {
    setCoverage(null)
  }, [workspaceId])

  useEffect(() => {
    void load()
  }, [load, mirrorVersion])

  return (
    <section className="panel panel-wide" aria-labelledby="sync-completeness-title">
      <h2 id="sync-completeness-title" className="panel-title">
        Completeness
      </h2>
      {error ? <ErrorAlert title="Could not read how complete the mirror is" error={error} onRetry={() => void load()} /> : null}
      {coverage ? <CoverageFacts coverage={coverage} /> : !error ? <p className="muted">Loading…</p> : null}
    </section>
  )
}

function CoverageFacts({ coverage: c }: { coverage: Coverage }) {
  const names = [...c.names].sort((a, b) => a.localeCompare(b))
  return (
    <dl className="facts" aria-label="Completeness of the mirror">
      <dt>Attribute names known</dt>
      <dd>
        {names.length === 0 ? (
          <span>0 — none seen yet; pull to learn them</span>
        ) : (
          <details className="coverage-names">
            <summary>{`${formatCount(names.length)} attribute name${names.length === 1 ? '' : 's'}`}</summary>
            <ul aria-label="Attribute names known">
              {names.map((n) => (
                <li key={n}>
                  <code>{n}</code>
                </li>
              ))}
            </ul>
          </details>
        )}
      </dd>
      <dt>Last deep pull</dt>
      <dd>
        {c.deepPullFinishedAt ? (
          <>
            {formatDateTime(c.deepPullFinishedAt)} <span className="muted">({formatAgo(c.deepPullFinishedAt)})</span>
          </>
        ) : (
          'never — some attributes may be missing for people no pull has read in full'
        )}
      </dd>
      <dt>Last pull</dt>
      <dd>
        {c.lastPeoplePull ? PULL_TEXT[c.lastPeoplePull] : 'never'}
        {c.lastPeoplePullReason ? <span className="sub-line">{c.lastPeoplePullReason}</span> : null}
      </dd>
    </dl>
  )
}
