-- Job kinds that say what they do (src-main/contract/job-kinds.ts). Data only: `jobs.kind` and
-- `sync_runs.kind` are plain text. Rows written by earlier versions get the new names, so history
-- shows them and an interrupted job resumes under its new kind:
--   sync   -> pull-and-push  ("Sync": a pull, then a push of the queued changes)
--   plan   -> undo-plan      when its options name the import it undoes (`undoOf`)
--   plan   -> import-plan    otherwise (a file's plan)
--   import -> import-push    (the push of a planned import)
UPDATE `jobs` SET `kind` = 'pull-and-push' WHERE `kind` = 'sync';--> statement-breakpoint
UPDATE `jobs` SET `kind` = 'undo-plan' WHERE `kind` = 'plan' AND json_valid(`options`) AND json_type(`options`, '$.undoOf') = 'text';--> statement-breakpoint
UPDATE `jobs` SET `kind` = 'import-plan' WHERE `kind` = 'plan';--> statement-breakpoint
UPDATE `jobs` SET `kind` = 'import-push' WHERE `kind` = 'import';--> statement-breakpoint
UPDATE `sync_runs` SET `kind` = 'import-push' WHERE `kind` = 'import';--> statement-breakpoint
UPDATE `sync_runs` SET `kind` = 'pull-and-push' WHERE `kind` = 'sync';
