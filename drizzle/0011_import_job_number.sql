-- Imports get a compact number, and their row results are keyed by it instead of the import's
-- 36-character id: a million-row plan repeated that id in every row and in both index entries
-- (about 220 MB of its 320 MB on the 1M-row bench; bench/import/RESULTS.md).
ALTER TABLE `import_jobs` ADD `num` integer;--> statement-breakpoint
-- Existing imports are numbered in the order they were made; later ones get max + 1 (trigger).
UPDATE `import_jobs` SET `num` = (SELECT count(*) FROM `import_jobs` j2 WHERE j2.`created_at` < `import_jobs`.`created_at` OR (j2.`created_at` = `import_jobs`.`created_at` AND j2.`id` <= `import_jobs`.`id`));--> statement-breakpoint
CREATE UNIQUE INDEX `import_jobs_num` ON `import_jobs` (`num`);--> statement-breakpoint
-- Every insert gets the next number, whoever inserts (the repo, a test's raw SQL).
-- drizzle-kit does not know this trigger: a migration that rebuilds `import_jobs` must create it again.
CREATE TRIGGER `import_jobs_assign_num` AFTER INSERT ON `import_jobs` WHEN NEW.`num` IS NULL
BEGIN
  UPDATE `import_jobs` SET `num` = (SELECT coalesce(max(`num`), 0) + 1 FROM `import_jobs`) WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TABLE `__new_import_row_results` (
	`job` integer NOT NULL,
	`row` integer NOT NULL,
	`entity_key` text,
	`bucket` text NOT NULL,
	`outcome` text,
	`changes` text,
	`message` text,
	PRIMARY KEY(`job`, `row`),
	FOREIGN KEY (`job`) REFERENCES `import_jobs`(`num`) ON UPDATE no action ON DELETE cascade
);--> statement-breakpoint
-- in key order, so the new table and its primary key are written from left to right
INSERT INTO `__new_import_row_results` (`job`, `row`, `entity_key`, `bucket`, `outcome`, `changes`, `message`)
  SELECT j.`num`, r.`row`, r.`entity_key`, r.`bucket`, r.`outcome`, r.`changes`, r.`message`
  FROM `import_row_results` r JOIN `import_jobs` j ON j.`id` = r.`job_id` ORDER BY j.`num`, r.`row`;--> statement-breakpoint
DROP TABLE `import_row_results`;--> statement-breakpoint
ALTER TABLE `__new_import_row_results` RENAME TO `import_row_results`;--> statement-breakpoint
CREATE INDEX `import_row_results_job_bucket` ON `import_row_results` (`job`,`bucket`);
