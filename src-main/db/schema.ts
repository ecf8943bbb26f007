// The mirror's drizzle schema: drizzle-kit reads this file (drizzle.config.ts) and every table it
// exports becomes part of the generated migrations in drizzle/.
//
// One SQLite file for all workspaces (`<home>/mirror.db`), not one per workspace:
//   - one connection and one migration run at start-up, instead of N files to open and migrate;
//   - the workspaces list and cross-workspace history (jobs, sync runs, audit) live in one place
//     and can be queried together;
//   - removing a workspace is one cascading delete: every workspace-owned table has a
//     `workspace_id` referencing workspaces(id), or (the mirror tables, schema-mirror.ts) the
//     workspace's compact number `ws` referencing workspaces(ws), ON DELETE CASCADE (tables keyed
//     by a parent that is itself owned, like segment_members or import_errors, cascade through
//     that parent).
//
// Conventions:
//   - SQL names are snake_case, TypeScript names camelCase.
//   - Every *_at column (and messages.created) is unix milliseconds. Customer.io sends seconds;
//     the pull multiplies them on the way in. Attribute values inside JSON stay as received.
//   - JSON lives in TEXT columns (`text(…, { mode: 'json' })`). SQL NULL means "absent". drizzle's
//     json mode writes a JS null as SQL NULL too, so through drizzle null and absent are the same;
//     that matches Customer.io, where setting an attribute to null removes it. Where a JSON null
//     must survive (settings), the repository serialises the value itself.
//   - Enumerations are TypeScript types, not CHECK constraints: SQLite cannot alter a CHECK
//     without rebuilding the table, and these sets grow (op kinds, job kinds). Inputs are checked
//     by zod at the IPC boundary.
//   - Credentials are NEVER stored here, in any form (they live in the OS keychain).
//   - What drizzle cannot express is in custom migrations: people_fts (FTS5) and its triggers,
//     and the append-only triggers on audit_log.

export * from './schema-workspaces'
export * from './schema-mirror'
export * from './schema-changes'
