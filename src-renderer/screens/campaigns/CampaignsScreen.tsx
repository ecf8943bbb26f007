// Campaigns: campaigns, broadcasts and newsletters from the mirror (state, trigger, segments) with a
// metrics chart for the chosen one and, for an API-triggered broadcast, its trigger form; a
// Transactional tab with the transactional message templates (send one to a person); and a
// Messages tab with the workspace's recent deliveries. Arrow keys move between the tabs.
import { useRef, useState, type KeyboardEvent } from 'react'
import type { CampaignKind } from '../../api'
import { EmptyState, Screen } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { CampaignDetail } from './CampaignDetail'
import { CampaignList } from './CampaignList'
import { MessagesView } from './MessagesView'
import { TransactionalTab } from './TransactionalTab'
import { useCampaigns } from './useCampaigns'

type Tab = 'campaigns' | 'transactional' | 'messages'
const TABS: { id: Tab; label: string }[] = [
  { id: 'campaigns', label: 'Campaigns' },
  { id: 'transactional', label: 'Transactional' },
  { id: 'messages', label: 'Messages' },
]

export function CampaignsScreen() {
  const list = useCampaigns()
  const { active, items, error, load, selected, selectedKey, setSelectedKey, startPull, pulling } = list
  const [tab, setTab] = useState<Tab>('campaigns')
  const [filter, setFilter] = useState<CampaignKind | 'all'>('all')
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ campaigns: null, transactional: null, messages: null })

  if (!active) {
    return (
      <Screen title="Campaigns" subtitle="Campaigns, broadcasts and newsletters with their metrics, and recent messages.">
        <EmptyState title="No active workspace" icon="✉" actions={<a href="#/workspaces">Choose a workspace</a>}>
          <p>Choose or add a workspace, then pull it to see its campaigns and messages.</p>
        </EmptyState>
      </Screen>
    )
  }

  function onTabKey(e: KeyboardEvent) {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft' && e.key !== 'Home' && e.key !== 'End') return
    e.preventDefault()
    const i = TABS.findIndex((t) => t.id === tab)
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : (i + (e.key === 'ArrowRight' ? 1 : -1) + TABS.length) % TABS.length
    setTab(TABS[next].id)
    tabRefs.current[TABS[next].id]?.focus()
  }

  const pullButton = (
    <button type="button" className="primary" disabled={pulling} onClick={() => void startPull({ only: ['campaigns', 'messages'] })}>
      {pulling ? 'Pulling…' : 'Pull campaigns and messages'}
    </button>
  )

  return (
    <Screen title="Campaigns" subtitle={`Campaigns, broadcasts, newsletters and messages of “${active.name}” as of the last pull.`} fill>
      <div role="tablist" aria-label="Campaigns, transactional messages and deliveries" className="tabs" onKeyDown={onTabKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[t.id] = el
            }}
            type="button"
            role="tab"
            id={`campaigns-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`campaigns-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`campaigns-panel-${tab}`} aria-labelledby={`campaigns-tab-${tab}`} className="tab-panel">
        {tab === 'messages' ? (
          <MessagesView workspaceId={active.id} campaigns={items ?? []} pullButton={pullButton} />
        ) : tab === 'transactional' ? (
          <TransactionalTab workspace={active} />
        ) : (
          <>
            {error ? <ErrorAlert title="Could not read campaigns from the mirror" error={error} onRetry={() => void load()} /> : null}
            {items == null && !error ? (
              <p className="muted">Loading campaigns…</p>
            ) : items && items.length === 0 ? (
              <EmptyState title="No campaigns in the mirror yet" icon="✉" actions={pullButton}>
                <p>Pull the workspace to review its campaigns, broadcasts and newsletters, with their metrics, offline.</p>
              </EmptyState>
            ) : items ? (
              <div className="split">
                <CampaignList items={items} filter={filter} onFilter={setFilter} selectedKey={selectedKey} onSelect={setSelectedKey} />
                {selected ? (
                  <CampaignDetail key={selectedKey} workspace={active} campaign={selected} />
                ) : (
                  <div className="detail-pane detail-hint">
                    <p className="muted">Choose a campaign to see its metrics over time; choose an API-triggered broadcast to trigger it.</p>
                  </div>
                )}
              </div>
            ) : null}
          </>
        )}
      </div>
    </Screen>
  )
}
