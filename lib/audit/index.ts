export { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, ZAuditAction, ZAuditTargetType, type TAuditAction, type TAuditTargetType } from "./actions";
export { listAuditEntries, ZAuditQuery, type AuditEntry, type TAuditQuery } from "./list-audit-entries";
export { recordAudit, type AuditDetail, type RecordAuditOptions } from "./record-audit";
export { recordAuditStep, type RecordAuditStepOptions } from "./record-audit-step";
