ALTER TABLE `workspaces` ADD `ws` integer;--> statement-breakpoint
-- Existing workspaces are numbered in the order they were created; later ones get max + 1 (trigger).
UPDATE `workspaces` SET `ws` = (SELECT count(*) FROM `workspaces` w2 WHERE w2.`created_at` < `workspaces`.`created_at` OR (w2.`created_at` = `workspaces`.`created_at` AND w2.`id` <= `workspaces`.`id`));--> statement-breakpoint
CREATE UNIQUE INDEX `workspaces_ws` ON `workspaces` (`ws`);--> statement-breakpoint
-- Every insert gets the next number, whoever inserts (the repo, the CLI, a test's raw SQL).
-- drizzle-kit does not know this trigger: a migration that rebuilds `workspaces` must create it again.
CREATE TRIGGER `workspaces_assign_ws` AFTER INSERT ON `workspaces` WHEN NEW.`ws` IS NULL
BEGIN
  UPDATE `workspaces` SET `ws` = (SELECT coalesce(max(`ws`), 0) + 1 FROM `workspaces`) WHERE `id` = NEW.`id`;
END;
