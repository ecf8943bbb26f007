ALTER TABLE `schedules` ADD `parts` text;--> statement-breakpoint
ALTER TABLE `schedules` ADD `window` text;--> statement-breakpoint
ALTER TABLE `schedules` ADD `failures` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `schedules` ADD `last_job_id` text;--> statement-breakpoint
ALTER TABLE `schedules` ADD `last_state` text;--> statement-breakpoint
ALTER TABLE `schedules` ADD `last_error` text;--> statement-breakpoint
ALTER TABLE `schedules` ADD `last_finished_at` integer;