import type { Command } from 'commander'
import type { MirrorStatus } from '../../ipc/contracts/mirror'
import { call, emit, resolveWorkspace, type GlobalOptions, type Io } from '../output'
import type { WithRuntime } from '../with-runtime'

export function registerStatus(program: Command, withRuntime: WithRuntime, io: Io): void {
  program
    .command('status')
    .description('what the mirror holds: people, segments, members, collections, outbox, conflicts, last pull')
    .action(withRuntime(async (rt, opts: GlobalOptions) => {
      const ws = await resolveWorkspace(rt, opts.workspace)
      const s = await call<MirrorStatus>(rt, 'app:mirror:status', { workspaceId: ws.id })
      const { workspaceId: _id, workspaceName: _name, ...counts } = s
      emit(io, opts, { workspace: ws.name, ...counts }, () =>
        [
          `workspace       ${ws.name}`,
          `people          ${s.people}`,
          `segments        ${s.segments}`,
          `segment members ${s.segmentMembers}`,
          `collections     ${s.collections}`,
          `outbox          ${s.outbox}`,
          `conflicts       ${s.conflicts}`,
          `last pull       ${s.lastPull ? new Date(s.lastPull).toISOString() : 'never'}`,
        ].join('\n'),
      )
    }))
}
