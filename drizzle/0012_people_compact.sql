-- A compact people table (bench/pull/RESULTS.md, 2026-12-03): the workspace's compact number `ws`
-- (0008) in place of the 36-character workspace_id, in the row and in every index, and one JSON
-- copy per person: base_attributes is NULL while it equals attributes (no edit pending).
-- drizzle-kit's rebuild, hand-edited: the copy maps workspace_id to ws and drops the equal base;
-- DROP TABLE people drops the people_fts triggers (0001), so they are created again below.
-- people_fts itself is left as it is: the rows keep their pk, id, email and names.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_people` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ws` integer NOT NULL,
	`cio_id` text,
	`id` text,
	`email` text,
	`attributes` text DEFAULT '{}' NOT NULL,
	`base_attributes` text,
	`devices` text,
	`names` text GENERATED ALWAYS AS (trim(coalesce(json_extract(attributes, '$.first_name'), '') || ' ' || coalesce(json_extract(attributes, '$.last_name'), '') || ' ' || coalesce(json_extract(attributes, '$.name'), ''))) VIRTUAL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`remote_updated_at` integer,
	`synced_at` integer,
	`deleted_at` integer,
	FOREIGN KEY (`ws`) REFERENCES `workspaces`(`ws`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- AUTOINCREMENT never reuses a pk (outbox entries and undo lists name people by pk): the new table
-- continues the old sequence, also past people deleted at the end.
INSERT INTO `sqlite_sequence` (`name`, `seq`) SELECT '__new_people', `seq` FROM `sqlite_sequence` WHERE `name` = 'people';--> statement-breakpoint
INSERT INTO `__new_people` ("pk", "ws", "cio_id", "id", "email", "attributes", "base_attributes", "devices", "created_at", "updated_at", "remote_updated_at", "synced_at", "deleted_at")
SELECT p."pk", w."ws", p."cio_id", p."id", p."email", p."attributes",
       CASE WHEN p."base_attributes" = p."attributes" THEN NULL ELSE p."base_attributes" END,
       p."devices", p."created_at", p."updated_at", p."remote_updated_at", p."synced_at", p."deleted_at"
  FROM `people` p JOIN `workspaces` w ON w."id" = p."workspace_id"
 ORDER BY p."pk";--> statement-breakpoint
DROP TABLE `people`;--> statement-breakpoint
ALTER TABLE `__new_people` RENAME TO `people`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `people_ws_cio_id` ON `people` (`ws`,`cio_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `people_ws_id` ON `people` (`ws`,`id`);--> statement-breakpoint
CREATE INDEX `people_ws_email_ci` ON `people` (`ws`,lower("email"));--> statement-breakpoint
CREATE INDEX `people_ws_live` ON `people` (`ws`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE TRIGGER `people_fts_after_insert` AFTER INSERT ON `people` BEGIN
	INSERT INTO `people_fts` (rowid, `id`, `email`, `names`) VALUES (new.`pk`, new.`id`, new.`email`, new.`names`);
END;
--> statement-breakpoint
CREATE TRIGGER `people_fts_after_delete` AFTER DELETE ON `people` BEGIN
	INSERT INTO `people_fts` (`people_fts`, rowid, `id`, `email`, `names`) VALUES ('delete', old.`pk`, old.`id`, old.`email`, old.`names`);
END;
--> statement-breakpoint
CREATE TRIGGER `people_fts_after_update` AFTER UPDATE OF `id`, `email`, `attributes` ON `people`
WHEN old.`id` IS NOT new.`id` OR old.`email` IS NOT new.`email` OR old.`names` IS NOT new.`names`
BEGIN
	INSERT INTO `people_fts` (`people_fts`, rowid, `id`, `email`, `names`) VALUES ('delete', old.`pk`, old.`id`, old.`email`, old.`names`);
	INSERT INTO `people_fts` (rowid, `id`, `email`, `names`) VALUES (new.`pk`, new.`id`, new.`email`, new.`names`);
END;
