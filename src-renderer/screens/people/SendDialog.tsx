// A transactional send to the person of the panel: email, push or SMS; the message by its id or
// trigger name; message_data as key/value rows; an optional send_at; and the request as JSON before
// it goes. A send is never repeated automatically (a repeat could deliver twice): an unknown outcome
// or an error shows the API's message and a manual "Send again". Production needs the typed name.
import { useId, useState, type FormEvent } from 'react'
import { call, type IpcError, type PersonRow, type SendResult, type WorkspaceView } from '../../api'
import { Dialog } from '../../components/Dialog'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatWhen } from '../../components/format'
import { KeyValueRows, rowsToData, type KeyValueRow } from '../../components/KeyValueRows'

type Channel = 'email' | 'push' | 'sms'
const CHANNELS: { value: Channel; label: string; to: string }[] = [
  { value: 'email', label: 'Email', to: 'Email address (default: the person’s email)' },
  { value: 'push', label: 'Push', to: 'Devices: all, last_used or a token (default: all)' },
  { value: 'sms', label: 'SMS', to: 'Phone number in E.164, e.g. +15551234567 (default: {{customer.phone}})' },
]

/** The identifiers the engine sends for a person of the mirror (cio_id first: it never changes). */
function identifiers(p: Pick<PersonRow, 'cioId' | 'id' | 'email'>): Record<string, string> {
  return p.cioId ? { cio_id: p.cioId } : p.id ? { id: p.id } : p.email ? { email: p.email } : {}
}

interface SendDialogProps {
  workspace: WorkspaceView
  person: PersonRow
  who: string
  onClose: () => void
  /** after a queued send, so the panel reads the person's messages again */
  onSent: () => void
}

export function SendDialog({ workspace, person, who, onClose, onSent }: SendDialogProps) {
  const uid = useId()
  const [channel, setChannel] = useState<Channel>('email')
  const [message, setMessage] = useState('')
  const [to, setTo] = useState('')
  const [sendAt, setSendAt] = useState('')
  const [rows, setRows] = useState<KeyValueRow[]>([])
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<SendResult | null>(null)
  const [error, setError] = useState<IpcError | null>(null)

  const { data, problems } = rowsToData(rows)
  const messageRef: number | string = /^\d+$/.test(message.trim()) ? Number(message.trim()) : message.trim()
  const sendAtSeconds = sendAt ? Math.floor(new Date(sendAt).getTime() / 1000) : undefined
  const confirmed = !workspace.production || typed.trim().toLowerCase() === workspace.name.toLowerCase()
  const missing = !message.trim() ? 'Give the message’s id or trigger name.' : problems[0] ?? (sendAtSeconds != null && Number.isNaN(sendAtSeconds) ? 'The send time is not a valid date.' : null)
  const request = {
    transactional_message_id: messageRef || null,
    identifiers: identifiers(person),
    ...(channel === 'email' ? { to: to.trim() || person.email || null } : channel === 'push' ? { to: to.trim() || 'all' } : { to: to.trim() || '{{customer.phone}}' }),
    message_data: data,
    ...(sendAtSeconds != null && !Number.isNaN(sendAtSeconds) ? { send_at: sendAtSeconds } : {}),
  }

  async function send() {
    if (missing || !confirmed || busy) return
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
  const channelInfo = CHANNELS.find((c) => c.value === channel)!
  return (
    <Dialog title="Send a transactional message" wide onClose={onClose} description={<>To “{who}”, now or at a set time. Customer.io sends it once per click: nothing is retried for you.</>}>
      <form onSubmit={onSubmit} className="ws-form send-form">
        <fieldset className="field" disabled={busy || sent != null}>
          <legend className="field-label">Channel</legend>
          <div role="radiogroup" aria-label="Channel" className="segmented">
            {CHANNELS.map((c) => (
              <label key={c.value} className={channel === c.value ? 'checked' : undefined}>
                <input type="radio" name={`${uid}-ch`} value={c.value} checked={channel === c.value} onChange={() => setChannel(c.value)} />
                {c.label}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="send-fields" disabled={busy || sent != null}>
          <div className="field">
            <label htmlFor={`${uid}-msg`}>Message id or trigger name</label>
            <input id={`${uid}-msg`} value={message} onChange={(e) => setMessage(e.target.value)} spellCheck={false} autoComplete="off" data-autofocus />
            <p className="field-hint">As in Customer.io → Transactional: a number (e.g. 1) or the trigger name (e.g. welcome).</p>
          </div>
          <div className="field">
            <label htmlFor={`${uid}-to`}>To (optional)</label>
            <input id={`${uid}-to`} value={to} onChange={(e) => setTo(e.target.value)} spellCheck={false} autoComplete="off" />
            <p className="field-hint">{channelInfo.to}</p>
          </div>
          <div className="field">
            <label htmlFor={`${uid}-at`}>Send at (optional)</label>
            <input id={`${uid}-at`} type="datetime-local" value={sendAt} onChange={(e) => setSendAt(e.target.value)} />
            <p className="field-hint">Your local time, up to 90 days ahead. Empty: send now.</p>
          </div>
          <KeyValueRows label="Message data" rows={rows} onChange={setRows} />
        </fieldset>
        <div className="field">
          <span className="field-label" id={`${uid}-json`}>
            Request to Customer.io (POST /v1/send/{channel})
          </span>
          <pre className="json-preview" aria-labelledby={`${uid}-json`}>
            {JSON.stringify(request, null, 2)}
          </pre>
        </div>
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
            {sent.sendAt != null ? `, to be sent ${formatWhen(sent.sendAt)}` : ''}. It is recorded in the audit log.
          </p>
        ) : null}
        {result?.status === 'unknown' ? (
          <div role="alert" className="alert alert-warn">
            <div className="alert-text">
              <strong>The message may or may not have been sent.</strong> {result.message}
              <div className="alert-next">It was not sent again automatically. Check the person’s messages (or Customer.io’s delivery log) first; “Send again” sends a second message.</div>
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
              {busy ? 'Sending…' : `Send ${channelInfo.label.toLowerCase() === 'sms' ? 'SMS' : channelInfo.label.toLowerCase()}`}
            </button>
          )}
        </div>
      </form>
    </Dialog>
  )
}
