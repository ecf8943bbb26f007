CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text,
	`kind` text NOT NULL,
	`trigger` text NOT NULL,
	`state` text NOT NULL,
	`phase` text DEFAULT '' NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`total` integer,
	`checkpoint` text,
	`message` text,
	`started_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `jobs_state` ON `jobs` (`state`);--> statement-breakpoint
CREATE INDEX `jobs_started_at` ON `jobs` (`started_at`);--> statement-breakpoint
CREATE TABLE `schedules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`kind` text NOT NULL,
	`every_seconds` integer,
	`cron` text,
	`enabled` integer DEFAULT true NOT NULL,
	`next_run_at` integer,
	`last_run_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "schedules_every_xor_cron" CHECK(("schedules"."every_seconds" IS NULL) <> ("schedules"."cron" IS NULL))
);
--> statement-breakpoint
CREATE INDEX `schedules_next_run` ON `schedules` (`enabled`,`next_run_at`);--> statement-breakpoint
CREATE INDEX `schedules_workspace` ON `schedules` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`kind` text NOT NULL,
	`trigger` text NOT NULL,
	`state` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`counts` text,
	`retries` integer DEFAULT 0 NOT NULL,
	`error` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sync_runs_ws_kind_started` ON `sync_runs` (`workspace_id`,`kind`,`started_at`);--> statement-breakpoint
CREATE TABLE `workspaces` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`url` text,
	`production` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`last_test_at` integer,
	`last_test_ok` integer,
	`last_test_region` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workspaces_name_ci_unique` ON `workspaces` (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX `workspaces_one_active` ON `workspaces` (`active`) WHERE "workspaces"."active" = 1;--> statement-breakpoint
CREATE TABLE `campaigns` (
	`workspace_id` text NOT NULL,
	`type` text NOT NULL,
	`id` integer NOT NULL,
	`name` text NOT NULL,
	`state` text,
	`metrics` text,
	`created_at` integer,
	`updated_at` integer,
	`pulled_at` integer,
	PRIMARY KEY(`workspace_id`, `type`, `id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `collection_rows` (
	`workspace_id` text NOT NULL,
	`collection_id` integer NOT NULL,
	`idx` integer NOT NULL,
	`data` text NOT NULL,
	PRIMARY KEY(`workspace_id`, `collection_id`, `idx`),
	FOREIGN KEY (`workspace_id`,`collection_id`) REFERENCES `collections`(`workspace_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `collections` (
	`workspace_id` text NOT NULL,
	`id` integer NOT NULL,
	`name` text NOT NULL,
	`schema` text,
	`bytes` integer,
	`rows` integer,
	`created_at` integer,
	`updated_at` integer,
	`pulled_at` integer,
	PRIMARY KEY(`workspace_id`, `id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `collections_ws_name` ON `collections` (`workspace_id`,`name`);--> statement-breakpoint
CREATE TABLE `messages` (
	`workspace_id` text NOT NULL,
	`id` text NOT NULL,
	`campaign_id` integer,
	`broadcast_id` integer,
	`newsletter_id` integer,
	`action_id` integer,
	`cio_id` text,
	`recipient` text,
	`subject` text,
	`type` text,
	`created` integer,
	`metrics` text,
	PRIMARY KEY(`workspace_id`, `id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `messages_ws_person_created` ON `messages` (`workspace_id`,`cio_id`,`created`);--> statement-breakpoint
CREATE INDEX `messages_ws_campaign` ON `messages` (`workspace_id`,`campaign_id`);--> statement-breakpoint
CREATE INDEX `messages_ws_broadcast` ON `messages` (`workspace_id`,`broadcast_id`);--> statement-breakpoint
CREATE TABLE `people` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`cio_id` text,
	`id` text,
	`email` text,
	`attributes` text DEFAULT '{}' NOT NULL,
	`base_attributes` text,
	`names` text GENERATED ALWAYS AS (trim(coalesce(json_extract(attributes, '$.first_name'), '') || ' ' || coalesce(json_extract(attributes, '$.last_name'), '') || ' ' || coalesce(json_extract(attributes, '$.name'), ''))) VIRTUAL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`remote_updated_at` integer,
	`synced_at` integer,
	`deleted_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_ws_cio_id` ON `people` (`workspace_id`,`cio_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `people_ws_id` ON `people` (`workspace_id`,`id`);--> statement-breakpoint
CREATE INDEX `people_ws_email_ci` ON `people` (`workspace_id`,lower("email"));--> statement-breakpoint
CREATE TABLE `segment_members` (
	`workspace_id` text NOT NULL,
	`segment_id` integer NOT NULL,
	`cio_id` text NOT NULL,
	`joined_at` integer NOT NULL,
	`pull_id` text,
	`left_at` integer,
	PRIMARY KEY(`workspace_id`, `segment_id`, `cio_id`),
	FOREIGN KEY (`workspace_id`,`segment_id`) REFERENCES `segments`(`workspace_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `segment_members_ws_person` ON `segment_members` (`workspace_id`,`cio_id`);--> statement-breakpoint
CREATE TABLE `segments` (
	`workspace_id` text NOT NULL,
	`id` integer NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`type` text,
	`state` text,
	`tags` text,
	`member_count` integer,
	`created_at` integer,
	`updated_at` integer,
	`pulled_at` integer,
	PRIMARY KEY(`workspace_id`, `id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`job_id` text,
	`file_name` text,
	`file_hash` text,
	`mapping` text,
	`counts` text,
	`results` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `audit_log_ws_at` ON `audit_log` (`workspace_id`,`at`);--> statement-breakpoint
CREATE TABLE `conflicts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`entity_key` text NOT NULL,
	`field` text NOT NULL,
	`base` text,
	`local` text,
	`remote` text,
	`outbox_id` integer,
	`state` text DEFAULT 'open' NOT NULL,
	`resolution` text,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conflicts_one_open_per_field` ON `conflicts` (`workspace_id`,`entity_key`,`field`) WHERE "conflicts"."state" = 'open';--> statement-breakpoint
CREATE INDEX `conflicts_ws_state` ON `conflicts` (`workspace_id`,`state`);--> statement-breakpoint
CREATE TABLE `import_batches` (
	`job_id` text NOT NULL,
	`seq` integer NOT NULL,
	`state` text NOT NULL,
	`first_row` integer NOT NULL,
	`last_row` integer NOT NULL,
	`bytes` integer NOT NULL,
	`ops` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`response` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`job_id`, `seq`),
	FOREIGN KEY (`job_id`) REFERENCES `import_jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `import_errors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` text NOT NULL,
	`row` integer NOT NULL,
	`column` text,
	`value` text,
	`message` text NOT NULL,
	`bucket` text NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `import_jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `import_errors_job_row` ON `import_errors` (`job_id`,`row`);--> statement-breakpoint
CREATE TABLE `import_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`file_hash` text NOT NULL,
	`file_bytes` integer NOT NULL,
	`mapping` text NOT NULL,
	`options` text NOT NULL,
	`state` text NOT NULL,
	`checkpoint` text,
	`counts` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `import_jobs_ws_created` ON `import_jobs` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `import_row_results` (
	`job_id` text NOT NULL,
	`row` integer NOT NULL,
	`entity_key` text,
	`bucket` text NOT NULL,
	`outcome` text,
	`changes` text,
	`message` text,
	PRIMARY KEY(`job_id`, `row`),
	FOREIGN KEY (`job_id`) REFERENCES `import_jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `import_row_results_job_bucket` ON `import_row_results` (`job_id`,`bucket`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`op` text NOT NULL,
	`entity_key` text NOT NULL,
	`payload` text NOT NULL,
	`base` text,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`batch_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `outbox_ws_state_id` ON `outbox` (`workspace_id`,`state`,`id`);--> statement-breakpoint
CREATE INDEX `outbox_ws_entity` ON `outbox` (`workspace_id`,`entity_key`);--> statement-breakpoint
CREATE INDEX `outbox_batch` ON `outbox` (`batch_id`);