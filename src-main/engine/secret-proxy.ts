import type { MessagePort } from 'node:worker_threads'
import type { CredentialKind } from '../contract/workspaces'
import { AppError, type ErrorCode } from '../contract/result'
import type { KeyHint, SecretStore } from '../credentials/secret-store'
import type { SecretOp, ToWorker } from './protocol'

/** The worker's view of the keychain: every call is a request to the main thread. */
export class SecretStoreProxy implements SecretStore {
  private nextId = 1
  private readonly pending = new Map<number, { res: (v: unknown) => void; rej: (e: Error) => void }>()

  constructor(private readonly port: MessagePort) {}

  /** Called by the worker's message loop for every `secret-result`. */
  settle(msg: Extract<ToWorker, { type: 'secret-result' }>): void {
    const p = this.pending.get(msg.id)
    if (!p) return
    this.pending.delete(msg.id)
    if (msg.ok) p.res(msg.value)
    else p.rej(new AppError(msg.code as ErrorCode, msg.message, msg.code === 'KEYCHAIN'))
  }

  private call<T>(request: SecretOp): Promise<T> {
    const id = this.nextId++
    return new Promise<T>((res, rej) => {
      this.pending.set(id, { res: res as (v: unknown) => void, rej })
      this.port.postMessage({ type: 'secret', id, request })
    })
  }

  get(workspaceId: string, kind: CredentialKind): Promise<string | null> {
    return this.call({ op: 'get', workspaceId, kind })
  }
  set(workspaceId: string, kind: CredentialKind, value: string): Promise<void> {
    return this.call({ op: 'set', workspaceId, kind, value })
  }
  delete(workspaceId: string, kind: CredentialKind): Promise<void> {
    return this.call({ op: 'delete', workspaceId, kind })
  }
  describe(workspaceId: string): Promise<Record<CredentialKind, KeyHint>> {
    return this.call({ op: 'describe', workspaceId })
  }
  deleteAll(workspaceId: string): Promise<void> {
    return this.call({ op: 'deleteAll', workspaceId })
  }
}
