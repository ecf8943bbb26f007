// Which transactional message a send uses: a select of the workspace's templates by name and
// channel (the channel follows the template). Only when no template list could be read (offline
// with nothing cached, or a workspace without templates) is the message typed by id or trigger
// name with its channel chosen by hand, as in Customer.io → Transactional.
import { useId } from 'react'
import type { IpcError } from '../../api'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatWhen } from '../../components/format'
import { channelLabel, isSendChannel, type SendChannel, type TransactionalList } from '../../state/useTransactional'

export interface MessageState {
  /** the chosen template (list mode) */
  templateId: number | null
  /** an id or trigger name typed by hand (no list) */
  typed: string
  /** the channel chosen by hand (no list) */
  channel: SendChannel
}

const CHANNELS: SendChannel[] = ['email', 'push', 'sms']

interface MessageChoiceProps {
  templates: { list: TransactionalList | null; error: IpcError | null; loading: boolean; reload: () => void }
  value: MessageState
  onChange: (v: MessageState) => void
}

export function MessageChoice({ templates, value, onChange }: MessageChoiceProps) {
  const uid = useId()
  const { list, error, loading, reload } = templates
  if (loading && list == null) return <p className="muted">Loading the workspace’s messages…</p>
  const items = list?.templates ?? []
  if (items.length > 0) {
    const chosen = items.find((t) => t.id === value.templateId) ?? null
    return (
      <div className="field">
        <label htmlFor={`${uid}-tpl`}>Message</label>
        <select id={`${uid}-tpl`} value={value.templateId ?? ''} onChange={(e) => onChange({ ...value, templateId: e.target.value ? Number(e.target.value) : null })} data-autofocus>
          <option value="">Choose a transactional message…</option>
          {items.map((t) => (
            <option key={t.id} value={t.id} disabled={!isSendChannel(t.channel)}>
              {t.name} — {channelLabel(t.channel)}
              {isSendChannel(t.channel) ? '' : ' (not sendable from here)'}
            </option>
          ))}
        </select>
        <p className="field-hint">
          {chosen
            ? `${channelLabel(chosen.channel)} message ${chosen.id}${chosen.description ? `: ${chosen.description}` : ''}.`
            : 'The transactional messages of this workspace in Customer.io, by name and channel.'}
          {list?.offline ? ` Customer.io cannot be reached: the list as cached ${formatWhen(list.fetchedAt)}.` : ''}
        </p>
      </div>
    )
  }
  return (
    <>
      {error ? <ErrorAlert title="Could not read the workspace’s transactional messages" error={error} onRetry={reload} /> : null}
      <fieldset className="field">
        <legend className="field-label">Channel</legend>
        <div role="radiogroup" aria-label="Channel" className="segmented">
          {CHANNELS.map((c) => (
            <label key={c} className={value.channel === c ? 'checked' : undefined}>
              <input type="radio" name={`${uid}-ch`} value={c} checked={value.channel === c} onChange={() => onChange({ ...value, channel: c })} />
              {channelLabel(c)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${uid}-msg`}>Message id or trigger name</label>
        <input id={`${uid}-msg`} value={value.typed} onChange={(e) => onChange({ ...value, typed: e.target.value })} spellCheck={false} autoComplete="off" data-autofocus />
        <p className="field-hint">
          {list && !list.offline ? 'Customer.io lists no transactional messages for this workspace. ' : 'The list of messages could not be read. '}
          Type the id (e.g. 1) or the trigger name (e.g. welcome) as in Customer.io → Transactional.
        </p>
      </div>
    </>
  )
}
