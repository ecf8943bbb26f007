-- Every mirror table but people: the workspace's compact number (workspaces.ws, 0008) replaces
-- its 36-character id in each row, primary key and index. Table rebuilds (foreign keys are off
-- while migrations run, see db/connection.ts); the copy looks each row's number up by a join, so
-- rows of a workspace that no longer exists (which a cascade would have removed) are not copied.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_campaign_metrics` (
	`ws` integer NOT NULL,
	`type` text NOT NULL,
	`id` integer NOT NULL,
	`period` text NOT NULL,
	`steps` integer NOT NULL,
	`series` text NOT NULL,
	`fetched_at` integer NOT NULL,
	PRIMARY KEY(`ws`, `type`, `id`, `period`),
	FOREIGN KEY (`ws`) REFERENCES `workspaces`(`ws`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_campaign_metrics`("ws", "type", "id", "period", "steps", "series", "fetched_at") SELECT w."ws", o."type", o."id", o."period", o."steps", o."series", o."fetched_at" FROM `campaign_metrics` o JOIN `workspaces` w ON w."id" = o."workspace_id";--> statement-breakpoint
DROP TABLE `campaign_metrics`;--> statement-breakpoint
ALTER TABLE `__new_campaign_metrics` RENAME TO `campaign_metrics`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE TABLE `__new_campaigns` (
	`ws` integer NOT NULL,
	`type` text NOT NULL,
	`id` integer NOT NULL,
	`name` text NOT NULL,
	`state` text,
	`metrics` text,
	`created_at` integer,
	`updated_at` integer,
	`pulled_at` integer,
	`details` text,
	PRIMARY KEY(`ws`, `type`, `id`),
	FOREIGN KEY (`ws`) REFERENCES `workspaces`(`ws`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_campaigns`("ws", "type", "id", "name", "state", "metrics", "created_at", "updated_at", "pulled_at", "details") SELECT w."ws", o."type", o."id", o."name", o."state", o."metrics", o."created_at", o."updated_at", o."pulled_at", o."details" FROM `campaigns` o JOIN `workspaces` w ON w."id" = o."workspace_id";--> statement-breakpoint
DROP TABLE `campaigns`;--> statement-breakpoint
ALTER TABLE `__new_campaigns` RENAME TO `campaigns`;--> statement-breakpoint
CREATE TABLE `__new_collection_rows` (
	`ws` integer NOT NULL,
	`collection_id` integer NOT NULL,
	`idx` integer NOT NULL,
	`data` text NOT NULL,
	PRIMARY KEY(`ws`, `collection_id`, `idx`),
	FOREIGN KEY (`ws`,`collection_id`) REFERENCES `collections`(`ws`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_collection_rows`("ws", "collection_id", "idx", "data") SELECT w."ws", o."collection_id", o."idx", o."data" FROM `collection_rows` o JOIN `workspaces` w ON w."id" = o."workspace_id";--> statement-breakpoint
DROP TABLE `collection_rows`;--> statement-breakpoint
ALTER TABLE `__new_collection_rows` RENAME TO `collection_rows`;--> statement-breakpoint
CREATE TABLE `__new_collections` (
	`ws` integer NOT NULL,
	`id` integer NOT NULL,
	`name` text NOT NULL,
	`schema` text,
	`bytes` integer,
	`rows` integer,
	`created_at` integer,
	`updated_at` integer,
	`pulled_at` integer,
	PRIMARY KEY(`ws`, `id`),
	FOREIGN KEY (`ws`) REFERENCES `workspaces`(`ws`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_collections`("ws", "id", "name", "schema", "bytes", "rows", "created_at", "updated_at", "pulled_at") SELECT w."ws", o."id", o."name", o."schema", o."bytes", o."rows", o."created_at", o."updated_at", o."pulled_at" FROM `collections` o JOIN `workspaces` w ON w."id" = o."workspace_id";--> statement-breakpoint
DROP TABLE `collections`;--> statement-breakpoint
ALTER TABLE `__new_collections` RENAME TO `collections`;--> statement-breakpoint
CREATE INDEX `collections_ws_name` ON `collections` (`ws`,`name`);--> statement-breakpoint
CREATE TABLE `__new_messages` (
	`ws` integer NOT NULL,
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
	PRIMARY KEY(`ws`, `id`),
	FOREIGN KEY (`ws`) REFERENCES `workspaces`(`ws`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_messages`("ws", "id", "campaign_id", "broadcast_id", "newsletter_id", "action_id", "cio_id", "recipient", "subject", "type", "created", "metrics") SELECT w."ws", o."id", o."campaign_id", o."broadcast_id", o."newsletter_id", o."action_id", o."cio_id", o."recipient", o."subject", o."type", o."created", o."metrics" FROM `messages` o JOIN `workspaces` w ON w."id" = o."workspace_id";--> statement-breakpoint
DROP TABLE `messages`;--> statement-breakpoint
ALTER TABLE `__new_messages` RENAME TO `messages`;--> statement-breakpoint
CREATE INDEX `messages_ws_person_created` ON `messages` (`ws`,`cio_id`,`created`);--> statement-breakpoint
CREATE INDEX `messages_ws_campaign` ON `messages` (`ws`,`campaign_id`);--> statement-breakpoint
CREATE INDEX `messages_ws_broadcast` ON `messages` (`ws`,`broadcast_id`);--> statement-breakpoint
CREATE TABLE `__new_people_sync_state` (
	`ws` integer PRIMARY KEY NOT NULL,
	`feed_position` text,
	`last_mode` text,
	`last_reason` text,
	`last_pulled_at` integer,
	`deep_finished_at` integer,
	`attribute_names` text DEFAULT '{}' NOT NULL,
	`extra_attribute_names` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`ws`) REFERENCES `workspaces`(`ws`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_people_sync_state`("ws", "feed_position", "last_mode", "last_reason", "last_pulled_at", "deep_finished_at", "attribute_names", "extra_attribute_names") SELECT w."ws", o."feed_position", o."last_mode", o."last_reason", o."last_pulled_at", o."deep_finished_at", o."attribute_names", o."extra_attribute_names" FROM `people_sync_state` o JOIN `workspaces` w ON w."id" = o."workspace_id";--> statement-breakpoint
DROP TABLE `people_sync_state`;--> statement-breakpoint
ALTER TABLE `__new_people_sync_state` RENAME TO `people_sync_state`;--> statement-breakpoint
CREATE TABLE `__new_segment_members` (
	`ws` integer NOT NULL,
	`segment_id` integer NOT NULL,
	`cio_id` text NOT NULL,
	`joined_at` integer NOT NULL,
	`pull_id` text,
	`left_at` integer,
	PRIMARY KEY(`ws`, `segment_id`, `cio_id`),
	FOREIGN KEY (`ws`,`segment_id`) REFERENCES `segments`(`ws`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_segment_members`("ws", "segment_id", "cio_id", "joined_at", "pull_id", "left_at") SELECT w."ws", o."segment_id", o."cio_id", o."joined_at", o."pull_id", o."left_at" FROM `segment_members` o JOIN `workspaces` w ON w."id" = o."workspace_id";--> statement-breakpoint
DROP TABLE `segment_members`;--> statement-breakpoint
ALTER TABLE `__new_segment_members` RENAME TO `segment_members`;--> statement-breakpoint
CREATE INDEX `segment_members_ws_person` ON `segment_members` (`ws`,`cio_id`);--> statement-breakpoint
CREATE TABLE `__new_segments` (
	`ws` integer NOT NULL,
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
	`members_read_at` integer,
	`baseline_at` integer,
	PRIMARY KEY(`ws`, `id`),
	FOREIGN KEY (`ws`) REFERENCES `workspaces`(`ws`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_segments`("ws", "id", "name", "description", "type", "state", "tags", "member_count", "created_at", "updated_at", "pulled_at", "members_read_at", "baseline_at") SELECT w."ws", o."id", o."name", o."description", o."type", o."state", o."tags", o."member_count", o."created_at", o."updated_at", o."pulled_at", o."members_read_at", o."baseline_at" FROM `segments` o JOIN `workspaces` w ON w."id" = o."workspace_id";--> statement-breakpoint
DROP TABLE `segments`;--> statement-breakpoint
ALTER TABLE `__new_segments` RENAME TO `segments`;