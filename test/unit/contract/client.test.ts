import { describe, expect, expectTypeOf, it } from 'vitest'
import type { z } from 'zod'
import { allChannels, allEvents, channelTable, type CioApi, type CioEventName } from '../../../src-main/contract'
import { createClient, createValueClient, eventsOf, type CioClient, type CioValueClient, type InputOf, type OutputOf } from '../../../src-main/contract/client'
import type { ImportSummary } from '../../../src-main/contract/imports'
import type { JobFinished, JobProgress, jobsContract } from '../../../src-main/contract/jobs'
import type { IpcError, Result } from '../../../src-main/contract/result'
import type { WorkspaceView } from '../../../src-main/contract/workspaces'
import { cio, cliErrorOf, CliError, EXIT } from '../../../src-main/cli/output'

// The typed client the CLI and the desktop shell call the engine through. Its types are checked by
// `tsc` (this file is in the project): a renamed contract field fails there, in the callers as here.
// Its run-time part is checked below: every channel of the contract is called by its own name.

/** An engine stand-in at the transport seam: records each call and answers what the test says. */
function recordingInvoke(answer: (channel: string, input: unknown) => Result<unknown>) {
  const calls: { channel: string; input: unknown }[] = []
  const invoke = async (channel: string, input: unknown) => {
    calls.push({ channel, input })
    return answer(channel, input)
  }
  return { calls, invoke }
}

describe('the client types', () => {
  it('take each channel input and answer its output, from the zod schemas', () => {
    expectTypeOf<OutputOf<'imports', 'summary'>>().toEqualTypeOf<ImportSummary>()
    expectTypeOf<CioClient['workspaces']['list']>().returns.resolves.toEqualTypeOf<Result<{ workspaces: WorkspaceView[] }>>()
    expectTypeOf<CioValueClient['workspaces']['list']>().returns.resolves.toEqualTypeOf<{ workspaces: WorkspaceView[] }>()
    expectTypeOf<InputOf<'jobs', 'start'>>().toEqualTypeOf<z.input<(typeof jobsContract)['channels']['start']['input']>>()
    expectTypeOf<CioValueClient['jobs']['start']>().parameter(0).toEqualTypeOf<InputOf<'jobs', 'start'>>()
    // the CLI's client is the value client
    expectTypeOf(cio).returns.toEqualTypeOf<CioValueClient>()
  })

  it('answer what window.cio answers, channel by channel', () => {
    type Answers<C> = { [D in keyof C]: { [V in keyof C[D]]: C[D][V] extends (...a: never[]) => infer R ? R : never } }
    expectTypeOf<Answers<CioClient>>().toEqualTypeOf<Answers<Omit<CioApi, 'on'>>>()
  })

  it('refuse a wrong field name, in an input and in an output', () => {
    // Never called: tsc checks the lines, the run does nothing.
    const neverRun = async (client: CioValueClient) => {
      // @ts-expect-error -- the contract's field is importId
      await client.imports.summary({ importID: 'x' })
      const summary = await client.imports.summary({ importId: 'x' })
      // @ts-expect-error -- the summary has fileName, not filename
      void summary.filename
      // @ts-expect-error -- no verb `summarise` in the imports domain
      void client.imports.summarise
      // @ts-expect-error -- jobs.start takes only the kinds that read (START_KINDS)
      await client.jobs.start({ kind: 'push' })
    }
    expect(typeof neverRun).toBe('function')
  })

  it('type event payloads by event name', () => {
    const on = eventsOf(() => () => undefined)
    on('app:jobs:finished', (p) => expectTypeOf(p).toEqualTypeOf<JobFinished>())
    on('app:jobs:progress', (p) => expectTypeOf(p).toEqualTypeOf<JobProgress>())
    // @ts-expect-error -- JobFinished has jobId, not id
    on('app:jobs:finished', (p) => void p.id)
    // @ts-expect-error -- not an event of the contract
    expect(() => on('app:jobs:done', () => undefined)).toThrow('unknown cio-sync event app:jobs:done')
    expectTypeOf<'app:jobs:finished'>().toMatchTypeOf<CioEventName>()
  })
})

describe('createClient', () => {
  it('calls every channel of the contract by its own name, with the input as given, and answers its Result', async () => {
    const { calls, invoke } = recordingInvoke((channel) => ({ ok: true, value: { answeredBy: channel } }))
    const client = createClient(invoke) as unknown as Record<string, Record<string, (input: unknown) => Promise<Result<unknown>>>>
    const table = channelTable()
    let called = 0
    for (const [domain, verbs] of Object.entries(table)) {
      expect(Object.keys(client[domain]).sort()).toEqual(Object.keys(verbs).sort())
      for (const [verb, channel] of Object.entries(verbs)) {
        const input = { probe: `${domain}.${verb}` }
        const res = await client[domain][verb](input)
        expect(res).toEqual({ ok: true, value: { answeredBy: channel } })
        expect(calls.at(-1)).toEqual({ channel, input })
        expect(calls.at(-1)!.input).toBe(input)
        called++
      }
    }
    expect(called).toBe(allChannels().length)
    expect(new Set(calls.map((c) => c.channel))).toEqual(new Set(allChannels().map((c) => c.name)))
  })

  it('passes an error answer through untouched', async () => {
    const error: IpcError = { code: 'NOT_FOUND', message: 'no person x', retryable: false }
    const { invoke } = recordingInvoke(() => ({ ok: false, error }))
    expect(await createClient(invoke).people.get({ ident: 'x' })).toEqual({ ok: false, error })
  })
})

describe('the CLI client (createValueClient with cliErrorOf)', () => {
  const answering = (res: Result<unknown>) => createValueClient(recordingInvoke(() => res).invoke, cliErrorOf)

  it('answers the value of an ok answer', async () => {
    expect(await answering({ ok: true, value: { workspaces: [] } }).workspaces.list({})).toEqual({ workspaces: [] })
  })

  it('ends the command on an error: exit 2 for invalid input, 1 for anything else, with the message and the error', async () => {
    const invalid: IpcError = { code: 'VALIDATION', message: 'kind: Invalid enum value', retryable: false, issues: [{ path: 'kind', message: 'Invalid enum value' }] }
    const usage = await answering({ ok: false, error: invalid }).jobs.start({ kind: 'pull' }).catch((e: unknown) => e)
    expect(usage).toBeInstanceOf(CliError)
    expect(usage).toMatchObject({ message: invalid.message, exitCode: EXIT.usage, error: invalid })
    for (const code of ['NOT_FOUND', 'AUTH', 'NETWORK', 'FORBIDDEN', 'INTERNAL', 'CANCELLED'] as const) {
      const error: IpcError = { code, message: `${code} happened`, retryable: false }
      const failed = await answering({ ok: false, error }).imports.summary({ importId: 'x' }).catch((e: unknown) => e)
      expect(failed).toBeInstanceOf(CliError)
      expect(failed).toMatchObject({ message: `${code} happened`, exitCode: EXIT.failed, error })
    }
  })

  it('calls every channel by its own name', async () => {
    const { calls, invoke } = recordingInvoke(() => ({ ok: true, value: null }))
    const client = createValueClient(invoke, cliErrorOf) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>
    for (const [domain, verbs] of Object.entries(channelTable())) {
      for (const [verb, channel] of Object.entries(verbs)) {
        await client[domain][verb]({})
        expect(calls.at(-1)!.channel).toBe(channel)
      }
    }
    expect(calls).toHaveLength(allChannels().length)
  })
})

describe('eventsOf', () => {
  it('hands each listener only the events of its name, and stops at unsubscribe', () => {
    const listeners = new Set<(name: string, payload: unknown) => void>()
    const emit = (name: string, payload: unknown) => listeners.forEach((l) => l(name, payload))
    const on = eventsOf((l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    })
    const finished: JobFinished[] = []
    const off = on('app:jobs:finished', (p) => finished.push(p))
    const done: JobFinished = { jobId: 'j1', kind: 'pull', workspaceId: null, trigger: 'cli', state: 'succeeded', message: null, changes: 0 }
    emit('app:jobs:progress', { jobId: 'j1' })
    emit('app:jobs:finished', done)
    expect(finished).toEqual([done])
    off()
    emit('app:jobs:finished', done)
    expect(finished).toHaveLength(1)
    expect(listeners.size).toBe(0)
  })

  it('knows every event of the contract', () => {
    const on = eventsOf(() => () => undefined)
    for (const e of allEvents()) expect(() => on(e.name as CioEventName, () => undefined)).not.toThrow()
  })
})
