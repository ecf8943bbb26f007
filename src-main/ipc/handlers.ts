import type { Services } from '../services'
import type { CallContext, HandlerTable } from './dispatch'
import { AppError } from './result'

/**
 * A window may import only what it uploaded: a `path` source would let a page (or anything that
 * took it over) read any file this user can read. Paths are for the command line.
 */
function localFileFor<S extends { uploadId: string } | { path: string }>(source: S, ctx: CallContext): S {
  if ('path' in source && (ctx.transport === 'electron' || ctx.transport === 'websocket')) {
    throw new AppError('FORBIDDEN', 'a window cannot import a file by path; upload it instead')
  }
  return source
}

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
      start: (input) => s.jobs.start(input.kind, input.trigger, input.options, s.workspaceFor(input.workspaceId)),
      list: () => ({ jobs: s.jobs.list() }),
      cancel: (input) => s.jobs.cancel(input.id),
    },
    mirror: {
      status: (input) => s.mirror.status(input.workspaceId),
    },
    people: {
      search: (input) => s.people.search(s.workspaceFor(input.workspaceId), input),
      get: (input) => s.people.get(s.workspaceFor(input.workspaceId), input),
      columns: (input) => s.people.columns(s.workspaceFor(input.workspaceId)),
      views: (input) => ({ views: s.people.views(s.workspaceFor(input.workspaceId)) }),
      saveview: (input) => s.people.saveView(s.workspaceFor(input.workspaceId), input),
      removeview: (input) => s.people.removeView(s.workspaceFor(input.workspaceId), input.id),
    },
    segments: {
      list: (input) => ({ segments: s.segments.list(s.workspaceFor(input.workspaceId)) }),
      members: (input) => s.segments.members(s.workspaceFor(input.workspaceId), input),
    },
    collections: {
      list: (input) => ({ collections: s.collections.list(s.workspaceFor(input.workspaceId)) }),
      rows: (input) => s.collections.rows(s.workspaceFor(input.workspaceId), input),
    },
    imports: {
      upload: (input) => s.imports.upload(input),
      inspect: (input, ctx) => s.imports.inspect(localFileFor(input.source, ctx), input.kind),
      plan: (input, ctx) => s.imports.plan(s.workspaceFor(input.workspaceId), localFileFor(input.source, ctx), input.options, input.mapping),
      summary: (input) => s.imports.summary(input.importId),
      list: (input) => ({ imports: s.imports.list(s.workspaceFor(input.workspaceId), input.limit) }),
      rows: (input) => s.imports.rows(input),
      push: (input) => s.imports.push(input.importId, { confirm: input.confirm, rows: input.rows }),
      pause: (input) => s.imports.pause(input.importId),
      rejected: (input) => s.imports.rejectedCsv(input.importId),
      fix: (input) => s.imports.fix(input),
      undo: (input) => s.imports.undo(input.importId),
    },
    sync: {
      history: (input) => ({ runs: s.history.list(s.workspaceFor(input.workspaceId), input.limit) }),
      connectivity: (input) => s.connectivity.get(s.workspaceFor(input.workspaceId)),
    },
  }
}
