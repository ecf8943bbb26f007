CREATE TABLE `campaign_metrics` (
	`workspace_id` text NOT NULL,
	`type` text NOT NULL,
	`id` integer NOT NULL,
	`period` text NOT NULL,
	`steps` integer NOT NULL,
	`series` text NOT NULL,
	`fetched_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `type`, `id`, `period`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `campaigns` ADD `details` text;