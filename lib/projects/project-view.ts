// What a project looks like to its callers: the settings an admin edits (one zod schema for create and update) and
// the columns read back. A labeler sees only what their page needs (name, description, guidelines).
import { z } from "zod";
import { MAX_GUIDELINES_CHARS } from "@/lib/settings/update-guidelines";

export const ZProjectStatus = z.enum(["ACTIVE", "PAUSED", "ARCHIVED"]);
export type TProjectStatus = z.infer<typeof ZProjectStatus>;

/** Every editable setting; each optional (an update names only what changes). */
export const PROJECT_SETTINGS = {
  name: z.string().trim().min(1, "name is empty").max(100),
  description: z.string().trim().max(5000),
  guidelines: z.string().max(MAX_GUIDELINES_CHARS, `guidelines are longer than ${MAX_GUIDELINES_CHARS} characters`),
  requiredRankings: z.number().int().min(1).max(50),
  status: ZProjectStatus,
  priority: z.number().int().min(-1000).max(1000),
  allLabelers: z.boolean(),
  goldRate: z.number().min(0).max(1),
  goldThreshold: z.number().min(0).max(1),
  goldMinAnswers: z.number().int().min(1).max(1000),
  showGoldScore: z.boolean(),
  allowTies: z.boolean(),
  allowNoneAcceptable: z.boolean(),
  collectScores: z.boolean(),
  selection: z.enum(["random", "active"]),
} as const;

const ZProjectSettings = z.strictObject(PROJECT_SETTINGS);

export const ZCreateProjectRequest = ZProjectSettings.partial().required({ name: true });
export type TCreateProjectRequest = z.infer<typeof ZCreateProjectRequest>;

export const ZUpdateProjectRequest = ZProjectSettings.partial().refine((body) => Object.keys(body).length > 0, {
  message: "name at least one setting to change",
});
export type TUpdateProjectRequest = z.infer<typeof ZUpdateProjectRequest>;

/** The columns of a project as admins read it. */
export const PROJECT_SELECT = {
  id: true,
  name: true,
  description: true,
  guidelines: true,
  guidelinesVersion: true,
  requiredRankings: true,
  status: true,
  priority: true,
  allLabelers: true,
  goldRate: true,
  goldThreshold: true,
  goldMinAnswers: true,
  showGoldScore: true,
  allowTies: true,
  allowNoneAcceptable: true,
  collectScores: true,
  selection: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** The columns a member labeler reads. */
export const LABELER_PROJECT_SELECT = {
  id: true,
  name: true,
  description: true,
  guidelines: true,
  guidelinesVersion: true,
  status: true,
  allowTies: true,
  allowNoneAcceptable: true,
  collectScores: true,
  showGoldScore: true,
} as const;

export interface ProjectView {
  id: string;
  name: string;
  description: string;
  guidelines: string;
  guidelinesVersion: number;
  requiredRankings: number;
  status: TProjectStatus;
  priority: number;
  allLabelers: boolean;
  goldRate: number;
  goldThreshold: number;
  goldMinAnswers: number;
  showGoldScore: boolean;
  allowTies: boolean;
  allowNoneAcceptable: boolean;
  collectScores: boolean;
  selection: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Where a labeler belongs: projects open to all labelers, or where they are a member; never archived ones. */
export function memberWhere(userId: string) {
  return {
    status: { not: "ARCHIVED" as const },
    OR: [{ allLabelers: true }, { members: { some: { userId } } }],
  };
}
