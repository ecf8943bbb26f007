import type { Services } from '../services'
import type { HandlerTable } from './dispatch'

/** The handler table: thin bindings from validated input to a service call. */
export function createHandlers(s: Services): HandlerTable {
  return {
    app: {
      info: () => s.appInfo(),
    },
    workspaces: {
      list: async () => ({ workspaces: await s.workspaces.list() }),
      add: (input) => s.workspaces.add(input),
      update: (input) => s.workspaces.update(input),
      remove: (input) => s.workspaces.remove(input.id),
      select: (input) => s.workspaces.select(input.id),
      test: (input) => s.workspaces.test(input.id),
    },
    jobs: {
      start: (input) => s.jobs.start(input.kind, input.trigger),
      list: () => ({ jobs: s.jobs.list() }),
      cancel: (input) => s.jobs.cancel(input.id),
    },
    mirror: {
      status: (input) => s.mirror.status(input.workspaceId),
    },
  }
}
