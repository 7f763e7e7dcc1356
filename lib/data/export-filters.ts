// The one filter of preference data, shared by the export, snapshots and the training jobs: which projects, which
// ranking dates, which labelers (by gold score), which comparisons (agreement, flags, exclusion, gold). The parsed
// value stays plain JSON (dates as text), so it is stored as given with a snapshot or a job.
import { z } from "zod";

const ZProjectId = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "a project id");

/** An ISO date-time with offset, or a date (UTC). */
const ZInstant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .refine((text) => !Number.isNaN(new Date(text).getTime()), "not a valid date");

const ZShare = z.number().min(0).max(1);

export const ZExportFilters = z
  .strictObject({
    /** One project or several; omitted: every project. */
    projectId: z.union([ZProjectId, z.array(ZProjectId).min(1).max(100)]).optional(),
    /** Rankings made at or after this instant (a bare date: from its first millisecond, UTC). */
    from: ZInstant.optional(),
    /** Rankings made at or before this instant (a bare date: the whole day, UTC). */
    to: ZInstant.optional(),
    /** Only rankings by labelers whose gold score in the comparison's project is at least this (0–1). */
    minGoldScore: ZShare.optional(),
    /** Only comparisons whose agreement between labelers is at least this (0–1). */
    minAgreement: ZShare.optional(),
    /** Leave out comparisons with a completion flagged by a labeler (open or upheld flags; dismissed ones don't count). */
    excludeFlagged: z.boolean().default(false),
    /** Keep comparisons an admin excluded (left out by default). */
    includeExcluded: z.boolean().default(false),
    /** Keep gold comparisons (left out by default). */
    includeGold: z.boolean().default(false),
  })
  .refine((f) => !f.from || !f.to || rangeStart(f.from) <= rangeEnd(f.to), { path: ["to"], message: "to is before from" });
export type TExportFilters = z.infer<typeof ZExportFilters>;
export type TExportFiltersInput = z.input<typeof ZExportFilters>;

/** The first millisecond a `from` value covers. */
export function rangeStart(text: string): Date {
  return new Date(text);
}

/** The last millisecond a `to` value covers (a bare date includes its whole day). */
export function rangeEnd(text: string): Date {
  const date = new Date(text);
  return text.length === 10 ? new Date(date.getTime() + 86_400_000 - 1) : date;
}

/** The projects a filter names, or null for every project. */
export function filterProjectIds(filters: TExportFilters): string[] | null {
  if (filters.projectId === undefined) return null;
  return typeof filters.projectId === "string" ? [filters.projectId] : [...new Set(filters.projectId)];
}

const FLAGS = ["excludeFlagged", "includeExcluded", "includeGold"] as const;
const FLAG_TEXT = new Map([["1", true], ["true", true], ["0", false], ["false", false]]);
const SHARE_TEXT = /^(0(\.\d{1,6})?|1(\.0{1,6})?|\.\d{1,6})$/;

/**
 * The filters of a query string (GET /api/v1/export): projectId repeated or comma-separated, numbers and booleans
 * as text ("1"/"true"/"0"/"false"). Text that is not a number or a boolean stays text, so the schema refuses it
 * naming the parameter.
 */
export function filtersFromSearchParams(params: URLSearchParams): TExportFilters {
  const raw: Record<string, unknown> = {};
  const projectIds = params.getAll("projectId").flatMap((v) => v.split(","));
  if (projectIds.length > 0) raw.projectId = projectIds;
  for (const key of ["from", "to"] as const) {
    const values = params.getAll(key);
    if (values.length > 0) raw[key] = values.length === 1 ? values[0] : values;
  }
  for (const key of ["minGoldScore", "minAgreement"] as const) {
    const value = params.get(key);
    if (value !== null) raw[key] = SHARE_TEXT.test(value) ? Number(value) : value;
  }
  for (const key of FLAGS) {
    const value = params.get(key);
    if (value !== null) raw[key] = FLAG_TEXT.get(value) ?? value;
  }
  return ZExportFilters.parse(raw);
}

/** The query parameters filtersFromSearchParams reads. */
export const FILTER_PARAMS = ["projectId", "from", "to", "minGoldScore", "minAgreement", ...FLAGS] as const;

/** The filters as plain JSON (absent ones left out; projectId always a list), as stored and audited. */
export function filtersToJson(filters: TExportFilters): Record<string, string | number | boolean | string[]> {
  const out: Record<string, string | number | boolean | string[]> = {};
  const projectIds = filterProjectIds(filters);
  if (projectIds) out.projectId = projectIds;
  if (filters.from !== undefined) out.from = filters.from;
  if (filters.to !== undefined) out.to = filters.to;
  if (filters.minGoldScore !== undefined) out.minGoldScore = filters.minGoldScore;
  if (filters.minAgreement !== undefined) out.minAgreement = filters.minAgreement;
  out.excludeFlagged = filters.excludeFlagged;
  out.includeExcluded = filters.includeExcluded;
  out.includeGold = filters.includeGold;
  return out;
}
