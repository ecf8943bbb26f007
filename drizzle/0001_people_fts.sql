-- Offline search over people (DESIGN.md "Data model"): an FTS5 index drizzle cannot express.
-- External content on `people` (content_rowid = pk), so the text is not stored twice; `names` is
-- people's virtual generated column (first_name, last_name, name from attributes).
-- unicode61 with remove_diacritics 2 lets "zoe" find "Zoë"; prefix indexes of 2-4 characters keep
-- type-ahead prefix queries ("jan"*) fast on 1M rows. Emails tokenize on '@' and '.', so an email
-- prefix is searched as a phrase prefix: "jane.do"* .
-- Tombstoned people stay indexed; searches join people and filter deleted_at IS NULL.
CREATE VIRTUAL TABLE `people_fts` USING fts5(
	`id`,
	`email`,
	`names`,
	content = 'people',
	content_rowid = 'pk',
	tokenize = "unicode61 remove_diacritics 2",
	prefix = '2 3 4'
);
--> statement-breakpoint
CREATE TRIGGER `people_fts_after_insert` AFTER INSERT ON `people` BEGIN
	INSERT INTO `people_fts` (rowid, `id`, `email`, `names`) VALUES (new.`pk`, new.`id`, new.`email`, new.`names`);
END;
--> statement-breakpoint
-- An external-content 'delete' must be given the values that were indexed: the row's old ones.
CREATE TRIGGER `people_fts_after_delete` AFTER DELETE ON `people` BEGIN
	INSERT INTO `people_fts` (`people_fts`, rowid, `id`, `email`, `names`) VALUES ('delete', old.`pk`, old.`id`, old.`email`, old.`names`);
END;
--> statement-breakpoint
-- Only when a searched value really changed: pulls rewrite base_attributes, synced_at and
-- unrelated attributes of many rows, and re-indexing those would only cost time.
CREATE TRIGGER `people_fts_after_update` AFTER UPDATE OF `id`, `email`, `attributes` ON `people`
WHEN old.`id` IS NOT new.`id` OR old.`email` IS NOT new.`email` OR old.`names` IS NOT new.`names`
BEGIN
	INSERT INTO `people_fts` (`people_fts`, rowid, `id`, `email`, `names`) VALUES ('delete', old.`pk`, old.`id`, old.`email`, old.`names`);
	INSERT INTO `people_fts` (rowid, `id`, `email`, `names`) VALUES (new.`pk`, new.`id`, new.`email`, new.`names`);
END;
--> statement-breakpoint
-- Index any people that already exist (none on a fresh file; cheap either way).
INSERT INTO `people_fts` (`people_fts`) VALUES ('rebuild');
