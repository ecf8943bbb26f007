import type { Services } from '../services'
import type { CallContext, HandlerTable } from './dispatch'
import { AppError } from '../contract/result'

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

/** A per-user-data CSV of a broadcast follows the import's rule: a window gives an upload, not a path. */
function broadcastInput<T extends { audience: { kind: string; source?: { uploadId: string } | { path: string } } }>(input: T, ctx: CallContext): T {
  if (input.audience.source) localFileFor(input.audience.source, ctx)
  return input
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
      testdraft: (input) => s.workspaces.testDraft(input),
      sandboxkeys: (input) => s.workspaces.sandboxKeys(input.id),
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
      get: (input) => s.personLookup.get(s.workspaceFor(input.workspaceId), input),
      columns: (input) => s.people.columns(s.workspaceFor(input.workspaceId)),
      views: (input) => ({ views: s.people.views(s.workspaceFor(input.workspaceId)) }),
      saveview: (input) => s.people.saveView(s.workspaceFor(input.workspaceId), input),
      removeview: (input) => s.people.removeView(s.workspaceFor(input.workspaceId), input.id),
    },
    segments: {
      list: (input) => ({ segments: s.segments.list(s.workspaceFor(input.workspaceId)) }),
      members: (input) => s.segments.members(s.workspaceFor(input.workspaceId), input),
      exportmembers: (input) => s.segments.membersCsv(s.workspaceFor(input.workspaceId), input.segmentId),
    },
    collections: {
      list: (input) => ({ collections: s.collections.list(s.workspaceFor(input.workspaceId)) }),
      rows: (input) => s.collections.rows(s.workspaceFor(input.workspaceId), input),
    },
    imports: {
      upload: (input) => s.imports.upload(input),
      inspect: (input, ctx) => s.imports.inspect(localFileFor(input.source, ctx), input.kind, input.encoding),
      count: async (input, ctx) => ({ rows: await s.imports.countRows(localFileFor(input.source, ctx), input.encoding) }),
      plan: (input, ctx) => s.imports.plan(s.workspaceFor(input.workspaceId), localFileFor(input.source, ctx), input.options, input.mapping),
      summary: (input) => s.imports.summary(input.importId),
      list: (input) => ({ imports: s.imports.list(s.workspaceFor(input.workspaceId), input.limit) }),
      rows: (input) => s.imports.rows(input),
      push: (input) => s.imports.push(input.importId, { confirm: input.confirm, rows: input.rows, deletions: input.deletions }),
      pause: (input) => s.imports.pause(input.importId),
      rejected: (input) => s.imports.rejectedCsv(input.importId),
      rejectedrows: (input) => s.imports.rejectedRows(input.importId),
      duplicates: (input) => s.imports.duplicates(input.importId, input.limit),
      fix: (input) => s.imports.fix(input),
      undo: (input) => s.imports.undo(input.importId),
      cancel: (input) => s.imports.cancel(input.importId),
      discard: (input) => s.imports.discard(input.importId),
    },
    preferences: {
      get: (input) => s.preferences.get(s.workspaceFor(input.workspaceId)),
      set: ({ workspaceId, ...update }) => s.preferences.set(s.workspaceFor(workspaceId), update),
    },
    changes: {
      edit: (input) => s.changes.edit(s.workspaceFor(input.workspaceId), input),
      outbox: (input) => s.changes.outbox(s.workspaceFor(input.workspaceId), input),
      discard: (input) => s.changes.discard(s.workspaceFor(input.workspaceId), input.ids),
      push: (input) => s.changes.push(s.workspaceFor(input.workspaceId), input),
      conflicts: (input) => s.changes.conflicts(s.workspaceFor(input.workspaceId), input),
      resolve: (input) => s.changes.resolve(s.workspaceFor(input.workspaceId), input),
      counts: (input) => s.changes.counts(s.workspaceFor(input.workspaceId)),
    },
    messaging: {
      campaigns: (input) => ({ campaigns: s.messaging.campaigns.list(s.workspaceFor(input.workspaceId), input.kind) }),
      campaign: (input) => s.messaging.campaigns.get(s.workspaceFor(input.workspaceId), input.kind, input.id, input.refresh),
      metrics: (input) => s.messaging.campaigns.metrics(s.workspaceFor(input.workspaceId), input),
      messages: (input) => s.messaging.messages.list(s.workspaceFor(input.workspaceId), input),
      person: (input) => s.messaging.messages.profile(s.workspaceFor(input.workspaceId), input.pk),
      send: (input) => s.messaging.sends.send(s.workspaceFor(input.workspaceId), input),
      transactional: (input) => s.messaging.transactional.list(s.workspaceFor(input.workspaceId), input.refresh),
      broadcastpreview: (input, ctx) => s.messaging.broadcasts.preview(broadcastInput(input, ctx), s.workspaceFor(input.workspaceId)),
      broadcasttrigger: (input, ctx) => s.messaging.broadcasts.trigger(s.workspaceFor(input.workspaceId), broadcastInput(input, ctx)),
      broadcastwait: (input) => ({ waitSeconds: s.messaging.broadcasts.waitSeconds(s.workspaceFor(input.workspaceId)) }),
      broadcaststatus: (input) => s.messaging.broadcasts.status(s.workspaceFor(input.workspaceId), input.broadcastId, input.triggerId),
      devices: (input) => ({ devices: s.messaging.messages.devices(s.workspaceFor(input.workspaceId), input.pk) }),
      deviceadd: (input) => s.messaging.person.addDevice(s.workspaceFor(input.workspaceId), input),
      deviceremove: (input) => s.messaging.person.removeDevice(s.workspaceFor(input.workspaceId), input),
      event: (input) => s.messaging.person.event(s.workspaceFor(input.workspaceId), input),
      subscription: (input) => s.messaging.person.subscription(s.workspaceFor(input.workspaceId), input),
      reportdelivery: (input) => s.messaging.person.reportDelivery(s.workspaceFor(input.workspaceId), input),
      erase: (input) => s.messaging.person.erase(s.workspaceFor(input.workspaceId), input),
      createsegment: (input) => s.messaging.person.createSegment(s.workspaceFor(input.workspaceId), input),
      exports: async (input) => ({ exports: await s.messaging.campaigns.exports(s.workspaceFor(input.workspaceId)) }),
    },
    sync: {
      history: (input) => ({ runs: s.history.list(s.workspaceFor(input.workspaceId), input.limit) }),
      connectivity: async (input) => {
        const workspaceId = s.workspaceFor(input.workspaceId)
        return input.probe ? await s.connectivityProbe.probe(workspaceId) : s.connectivity.get(workspaceId)
      },
    },
    schedules: {
      list: (input) => ({ schedules: s.schedules.list(s.workspaceFor(input.workspaceId)) }),
      add: (input) => s.schedules.add(s.workspaceFor(input.workspaceId), input),
      update: (input) => s.schedules.update(input),
      remove: (input) => s.schedules.remove(input.id),
      runnow: (input) => s.schedules.runNow(input.id),
      pause: (input) => s.schedules.pause(input.minutes),
      resume: () => s.schedules.resume(),
      status: () => s.schedules.status(),
    },
    audit: {
      list: (input) => s.audit.list(input),
      export: (input) => s.audit.export(input),
    },
  }
}
