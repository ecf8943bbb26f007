import type { Command } from 'commander'
import type { MirrorStatus } from '../../contract/mirror'
import { cio, emit, resolveWorkspace, type GlobalOptions, type Io } from '../output'
import type { WithRuntime } from '../with-runtime'

/** Up to this many attribute names are listed in the human output; beyond it, only the count. */
const LIST_NAMES_UP_TO = 20

const PEOPLE_PULL_TEXT: Record<NonNullable<MirrorStatus['attributeCoverage']['lastPeoplePull']>, string> = {
  incremental: 'incremental (activity feed)',
  export: 'full export',
  search: 'one search page',
}

export function registerStatus(program: Command, withRuntime: WithRuntime, io: Io): void {
  program
    .command('status')
    .description('what the mirror holds: people, segments, members, collections, outbox, conflicts, last pull; and how complete people\'s attributes are')
    .action(withRuntime(async (rt, opts: GlobalOptions) => {
      const ws = await resolveWorkspace(rt, opts.workspace)
      const s = await cio(rt).mirror.status({ workspaceId: ws.id })
      const { workspaceId: _id, workspaceName: _name, ...counts } = s
      emit(io, opts, { workspace: ws.name, ...counts }, () =>
        [
          `workspace        ${ws.name}`,
          `people           ${s.people}`,
          `segments         ${s.segments}`,
          `segment members  ${s.segmentMembers}`,
          `collections      ${s.collections}`,
          `outbox           ${s.outbox}`,
          `conflicts        ${s.conflicts}`,
          `last pull        ${s.lastPull ? new Date(s.lastPull).toISOString() : 'never'}`,
          ...coverageLines(s.attributeCoverage),
        ].join('\n'),
      )
    }))
}

/**
 * How complete people's attributes are: a person read through an export or a search page may lack
 * attributes nobody sampled, and only a deep pull reads everyone in full, hence the three lines.
 */
export function coverageLines(c: MirrorStatus['attributeCoverage']): string[] {
  const names = c.names.length === 0 ? '0' : c.names.length <= LIST_NAMES_UP_TO ? `${c.names.length}: ${c.names.join(', ')}` : `${c.names.length}`
  const deep = c.deepPullFinishedAt ? new Date(c.deepPullFinishedAt).toISOString() : 'never (`cio-sync pull --deep` reads everyone in full)'
  const last = c.lastPeoplePull ? `${PEOPLE_PULL_TEXT[c.lastPeoplePull]}${c.lastPeoplePullReason ? ` — ${c.lastPeoplePullReason}` : ''}` : 'never'
  return [`attribute names  ${names}`, `last deep pull   ${deep}`, `last people pull ${last}`]
}
