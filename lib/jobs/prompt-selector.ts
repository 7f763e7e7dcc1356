// The prompt set of a job (generate, ppo, rloo, sft, evaluate): one selector `{ids?, tags?, split?, projectId?}`.
// Every condition given must hold (they are AND-ed; `tags` means the prompt carries every listed tag); a selector with
// no condition selects every prompt. RL trainers (ppo, rloo) never roll out on "eval"-split prompts: their selector
// schema refuses `split: "eval"`, and their prompt loader adds `split: "train"` whatever the selector says.
import { z } from "zod";
import type { Prisma } from "@/lib/db";

/** Prompt ids one selector may list. */
export const MAX_SELECTOR_IDS = 1000;
/** Tags one selector may list. */
export const MAX_SELECTOR_TAGS = 20;

const ZId = z.string().trim().min(1).max(64);

export const ZPromptSelector = z.strictObject({
  /** Exactly these prompts (at most MAX_SELECTOR_IDS; unknown ids are refused when the job is queued). */
  ids: z
    .array(ZId)
    .min(1)
    .max(MAX_SELECTOR_IDS, `at most ${MAX_SELECTOR_IDS} prompt ids`)
    .optional()
    .describe(`Exactly these prompts (at most ${MAX_SELECTOR_IDS} ids).`),
  /** Prompts that carry every one of these tags. */
  tags: z
    .array(z.string().trim().min(1).max(100))
    .min(1)
    .max(MAX_SELECTOR_TAGS, `at most ${MAX_SELECTOR_TAGS} tags`)
    .optional()
    .describe("Prompts that carry every one of these tags."),
  /** "train" or "eval" prompts only. */
  split: z.enum(["train", "eval"]).optional().describe('"train" or "eval" prompts only.'),
  /** Prompts of this project only. */
  projectId: ZId.optional().describe("Prompts of this project only."),
});
export type TPromptSelector = z.infer<typeof ZPromptSelector>;

/** The selector of RL trainers: the eval split is held out of training, so asking for it is refused. */
export const ZTrainPromptSelector = ZPromptSelector.refine((s) => s.split !== "eval", {
  path: ["split"],
  message: 'RL trains on "train"-split prompts only; "eval" prompts are held out (use an evaluate job on them)',
});

/** The Prisma filter of a selector; `trainOnly` adds split "train" (and selects nothing for a selector asking for eval). */
export function promptSelectorWhere(selector: TPromptSelector | undefined, options: { trainOnly?: boolean } = {}): Prisma.PromptWhereInput {
  const s = selector ?? {};
  const and: Prisma.PromptWhereInput[] = [];
  if (s.ids) and.push({ id: { in: [...new Set(s.ids)] } });
  for (const tag of new Set(s.tags ?? [])) and.push({ tags: { some: { tag } } });
  if (s.split) and.push({ split: s.split });
  if (options.trainOnly) and.push({ split: "train" });
  if (s.projectId) and.push({ projectId: s.projectId });
  return and.length ? { AND: and } : {};
}

/**
 * The generate job's prompts: "new", "all" or a selector. Parsed by the kind of value given, so that a bad selector is
 * refused naming its own field (e.g. prompts.split), not "no member of a union matched".
 */
const ZGenerateMode = z.enum(["new", "all"]);
export const ZGeneratePromptChoice = z
  .unknown()
  .optional()
  .transform((value, ctx): z.infer<typeof ZGenerateMode> | TPromptSelector => {
    const parsed =
      value === undefined ? ZGenerateMode.safeParse("new") : typeof value === "string" ? ZGenerateMode.safeParse(value) : ZPromptSelector.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const problem of parsed.error.issues) ctx.addIssue({ code: "custom", message: problem.message, path: problem.path });
    return z.NEVER;
  });
