ALTER TABLE `segments` ADD `baseline_at` integer;--> statement-breakpoint
-- Mirrors pulled before this column: the earliest joined_at of a segment's members is the start of its first read.
UPDATE `segments` SET `baseline_at` = (SELECT min(`joined_at`) FROM `segment_members` m WHERE m.`workspace_id` = `segments`.`workspace_id` AND m.`segment_id` = `segments`.`id`) WHERE `members_read_at` IS NOT NULL;
