// One handler per job type; the worker dispatches on Job.type.
import type { TJobType } from "@/lib/jobs";
import type { JobHandler } from "../job-context";
import { dpoHandler } from "./dpo";
import { evaluateHandler } from "./evaluate";
import { generateHandler } from "./generate";
import { ppoHandler } from "./ppo";
import { pretrainHandler } from "./pretrain";
import { rewardHandler } from "./reward";
import { rlooHandler } from "./rloo";
import { sftHandler } from "./sft";

export const JOB_HANDLERS: Record<TJobType, JobHandler> = {
  generate: generateHandler,
  reward: rewardHandler,
  ppo: ppoHandler,
  dpo: dpoHandler,
  pretrain: pretrainHandler,
  rloo: rlooHandler,
  sft: sftHandler,
  evaluate: evaluateHandler,
};
