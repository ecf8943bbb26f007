ALTER TABLE `jobs` ADD `options` text;--> statement-breakpoint
ALTER TABLE `people` ADD `devices` text;