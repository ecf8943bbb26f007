-- The audit log is append-only (DESIGN.md): a push's record cannot be edited or erased.
-- The one exception is removing the workspace itself, whose ON DELETE CASCADE must still work
-- (its customer data, identifiers in per-row results included, goes with it). SQLite runs the
-- cascade after the workspace row is gone, so "the workspace still exists" tells the two apart.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be updated');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log`
WHEN EXISTS (SELECT 1 FROM `workspaces` WHERE `id` = old.`workspace_id`)
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only: rows go only with their workspace');
END;
