// The actions the audit log records, each with the kind of record it acts on.
import { z } from "zod";

export const AUDIT_ACTIONS = [
  "user.create",
  "user.disable",
  "user.enable",
  "user.password_reset",
  "user.role_change",
  "token.create",
  "token.revoke",
  "prompts.import",
  "demonstrations.import",
  "guidelines.update",
  "job.enqueue",
  "job.cancel",
  "model.activate",
  "export.download",
  "snapshot.create",
  "comparison.gold",
  "comparison.ungold",
  "comparison.exclude",
  "comparison.include",
  "comparison.required_rankings",
  "comparison.archive",
  "comparison.unarchive",
  "flag.dismiss",
  "flag.exclude",
  "project.create",
  "project.update",
  "project.members",
  "labeler_pause.create",
  "labeler_pause.lift",
] as const;

export const ZAuditAction = z.enum(AUDIT_ACTIONS);
export type TAuditAction = z.infer<typeof ZAuditAction>;

export const AUDIT_TARGET_TYPES = ["user", "api_token", "prompts", "setting", "job", "model_version", "export", "project", "comparison", "flag", "snapshot", "labeler_pause"] as const;
export const ZAuditTargetType = z.enum(AUDIT_TARGET_TYPES);
export type TAuditTargetType = z.infer<typeof ZAuditTargetType>;
