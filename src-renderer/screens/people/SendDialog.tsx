// A transactional send: from the person panel (the person is given) or from a template of the
// Campaigns screen's Transactional tab (the template is given, the person is picked from the
// mirror). The message is chosen from the workspace's templates by name and channel (typed by id or
// trigger name only when no template list could be read); message_data as key/value rows; an
// optional send_at; and, under "Show request", the request as JSON (the key is never shown). A send
// is never repeated automatically (a repeat could deliver twice): an unknown outcome or an error
// shows the API's message and a manual "Send again". Production needs the typed name.
import { useId, useState, type FormEvent } from 'react'
import { call, type IpcError, type PersonRow, type SendResult, type WorkspaceView } from '../../api'
import { Dialog } from '../../components/Dialog'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatWhen } from '../../components/format'
import { KeyValueRows, rowsToData, type KeyValueRow } from '../../components/KeyValueRows'
import { PersonPicker, personName } from '../../components/PersonPicker'
import { useTransactional, type SendChannel } from '../../state/useTransactional'
import { MessageChoice, type MessageState } from './MessageChoice'

const TO_HINT: Record<SendChannel, string> = {
  email: 'Email address (default: the person’s email)',
  push: 'Devices: all, last_used or a token (default: all)',
  sms: 'Phone number in E.164, e.g. +15551234567 (default: {{customer.phone}})',
}

/** The identifiers the engine sends for a person of the mirror (cio_id first: it never changes). */
function identifiers(p: Pick<PersonRow, 'cioId' | 'id' | 'email'>): Record<string, string> {
  return p.cioId ? { cio_id: p.cioId } : p.id ? { id: p.id } : p.email ? { email: p.email } : {}
}

interface SendDialogProps {
  workspace: WorkspaceView
  /** the person of the panel; null: pick one (opened from a template) */
  person: PersonRow | null
  /** how the opener names the person (default: their email, id or cio_id) */
  who?: string
  /** the template to start with (opened from the Transactional tab) */
  templateId?: number
  onClose: () => void
  /** after a queued send, so the opener reads messages or "last sent" again */
  onSent: () => void
}

export function SendDialog({ workspace, person: given, who: givenName, templateId, onClose, onSent }: SendDialogProps) {
  const uid = useId()
  const templates = useTransactional(workspace.id)
  const [picked, setPicked] = useState<PersonRow | null>(null)
  const [choice, setChoice] = useState<MessageState>({ templateId: templateId ?? null, typed: '', channel: 'email' })
  const [to, setTo] = useState('')
  const [sendAt, setSendAt] = useState('')
  const [rows, setRows] = useState<KeyValueRow[]>([])
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<SendResult | null>(null)
  const [error, setError] = useState<IpcError | null>(null)

  const person = given ?? picked
  const list = templates.list?.templates ?? []
  const template = list.find((t) => t.id === choice.templateId) ?? null
  const byList = list.length > 0
  const channel: SendChannel = byList ? ((template?.channel as SendChannel | undefined) ?? 'email') : choice.channel
  const messageRef: number | string | null = byList ? (template?.id ?? null) : /^\d+$/.test(choice.typed.trim()) ? Number(choice.typed.trim()) : choice.typed.trim() || null

  const { data, problems } = rowsToData(rows)
  const sendAtSeconds = sendAt ? Math.floor(new Date(sendAt).getTime() / 1000) : undefined
  const confirmed = !workspace.production || typed.trim().toLowerCase() === workspace.name.toLowerCase()
  const missing =
    person == null
      ? 'Choose the person to send to.'
      : messageRef == null
        ? byList
          ? 'Choose a message.'
          : 'Give the message’s id or trigger name.'
        : (problems[0] ?? (sendAtSeconds != null && Number.isNaN(sendAtSeconds) ? 'The send time is not a valid date.' : null))
  const request = {
    transactional_message_id: messageRef,
    identifiers: person ? identifiers(person) : null,
    ...(channel === 'email' ? { to: to.trim() || person?.email || null } : channel === 'push' ? { to: to.trim() || 'all' } : { to: to.trim() || '{{customer.phone}}' }),
    message_data: data,
    ...(sendAtSeconds != null && !Number.isNaN(sendAtSeconds) ? { send_at: sendAtSeconds } : {}),
  }

  async function send() {
    if (missing || !confirmed || busy || !person || messageRef == null) return
    setBusy(true)
    setError(null)
    setResult(null)
    const r = await call((cio) =>
      cio.messaging.send({
        workspaceId: workspace.id,
        channel,
        person: { pk: person.pk },
        message: messageRef,
        data,
        ...(to.trim() ? { to: to.trim() } : {}),
        ...(sendAtSeconds != null ? { sendAt: sendAtSeconds } : {}),
        ...(workspace.production ? { confirm: typed.trim() } : {}),
      }),
    )
    setBusy(false)
    if (r.ok) {
      setResult(r.value)
      if (r.value.status === 'queued') onSent()
    } else setError(r.error)
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault()
    // Only the first attempt is a submit; after an unknown outcome or an error the user must press "Send again".
    if (result == null && error == null) void send()
  }

  const sent = result?.status === 'queued' ? result : null
  const auditHref = `#/audit?${new URLSearchParams({ workspace: workspace.id, ...(person ? { person: person.email ?? person.id ?? person.cioId ?? '' } : {}) }).toString()}`
  const title = template && !given ? `Send “${template.name}”` : 'Send a transactional message'
  const who = given && givenName ? givenName : person ? personName(person) : null
  return (
    <Dialog
      title={title}
      wide
      onClose={onClose}
      description={<>{who ? `To “${who}”` : 'To one person of the mirror'}, now or at a set time. Customer.io sends it once per click: nothing is retried for you.</>}
    >
      <form onSubmit={onSubmit} className="ws-form send-form">
        {given ? null : picked ? (
          <div className="field picked-person">
            <span>
              To <strong>{personName(picked)}</strong>
              {picked.email && picked.id ? <span className="muted"> · id {picked.id}</span> : null}
            </span>
            {sent ? null : (
              <button type="button" className="small" onClick={() => setPicked(null)} disabled={busy}>
                Change person
              </button>
            )}
          </div>
        ) : (
          <PersonPicker workspaceId={workspace.id} label="Person" onPick={setPicked} disabled={busy} />
        )}
        <fieldset className="send-fields" disabled={busy || sent != null}>
          <MessageChoice templates={templates} value={choice} onChange={setChoice} />
          <div className="field">
            <label htmlFor={`${uid}-to`}>To (optional)</label>
            <input id={`${uid}-to`} value={to} onChange={(e) => setTo(e.target.value)} spellCheck={false} autoComplete="off" />
            <p className="field-hint">{TO_HINT[channel]}</p>
          </div>
          <div className="field">
            <label htmlFor={`${uid}-at`}>Send at (optional)</label>
            <input id={`${uid}-at`} type="datetime-local" value={sendAt} onChange={(e) => setSendAt(e.target.value)} />
            <p className="field-hint">Your local time, up to 90 days ahead. Empty: send now.</p>
          </div>
          <KeyValueRows label="Message data" rows={rows} onChange={setRows} />
        </fieldset>
        <details className="field request-details">
          <summary>Show request</summary>
          <p className="field-hint">
            POST /v1/send/{channel}, authorised with the workspace’s App API key, which is kept in the system keychain and never shown.
          </p>
          <pre className="json-preview" aria-label={`Request to Customer.io (POST /v1/send/${channel})`}>
            {JSON.stringify(request, null, 2)}
          </pre>
        </details>
        {workspace.production && !sent ? (
          <div className="field">
            <p className="prod-warning">
              <span className="badge badge-production">PRODUCTION</span> This message goes to a real customer.
            </p>
            <label htmlFor={`${uid}-confirm`}>
              Type <strong className="confirm-name">{workspace.name}</strong> to confirm
            </label>
            <input id={`${uid}-confirm`} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
          </div>
        ) : null}

        {sent ? (
          <p role="status" className="notice send-result">
            Queued. Delivery id <strong className="cell-mono">{sent.deliveryId}</strong>, queued {formatWhen(sent.queuedAt)}
            {sent.sendAt != null ? `, to be sent ${formatWhen(sent.sendAt)}` : ''}. It is recorded in the <a href={auditHref}>audit log</a>.
          </p>
        ) : null}
        {result?.status === 'unknown' ? (
          <div role="alert" className="alert alert-warn">
            <div className="alert-text">
              <strong>The message may or may not have been sent.</strong> {result.message}
              <div className="alert-next">
                It was not sent again automatically. Check the person’s messages (or Customer.io’s delivery log) first; “Send again” sends a second message. The attempt is in the{' '}
                <a href={auditHref}>audit log</a>.
              </div>
            </div>
          </div>
        ) : null}
        {error ? <ErrorAlert title="The message was not sent" error={error} /> : null}
        {missing && !sent ? <p className="field-hint">{missing}</p> : null}

        <div className="form-actions">
          <button type="button" onClick={onClose}>
            {sent ? 'Close' : 'Cancel'}
          </button>
          {sent ? null : result != null || error != null ? (
            <button type="button" className={workspace.production ? 'danger' : 'primary'} disabled={busy || missing != null || !confirmed} onClick={() => void send()}>
              {busy ? 'Sending…' : 'Send again'}
            </button>
          ) : (
            <button type="submit" className={workspace.production ? 'danger' : 'primary'} disabled={busy || missing != null || !confirmed}>
              {busy ? 'Sending…' : `Send ${channel === 'sms' ? 'SMS' : channel}`}
            </button>
          )}
        </div>
      </form>
    </Dialog>
  )
}
