CREATE TABLE `people_sync_state` (
	`workspace_id` text PRIMARY KEY NOT NULL,
	`feed_position` text,
	`last_mode` text,
	`last_reason` text,
	`last_pulled_at` integer,
	`deep_finished_at` integer,
	`attribute_names` text DEFAULT '{}' NOT NULL,
	`extra_attribute_names` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `segments` ADD `members_read_at` integer;--> statement-breakpoint
CREATE INDEX `people_ws_live` ON `people` (`workspace_id`) WHERE deleted_at IS NULL;