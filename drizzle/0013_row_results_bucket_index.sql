-- The import_row_results bucket index without unchanged rows (bench/import/RESULTS.md, Session 9):
-- a 1M-row update file is mostly unchanged rows, and their entries cost the plan's writes about a
-- quarter of their time while no query uses them (a filter on unchanged rows reads the rows in
-- order by the primary key). Queries on the other buckets say `bucket != 'unchanged'`.
DROP INDEX `import_row_results_job_bucket`;--> statement-breakpoint
CREATE INDEX `import_row_results_job_bucket` ON `import_row_results` (`job`,`bucket`) WHERE "import_row_results"."bucket" != 'unchanged';
