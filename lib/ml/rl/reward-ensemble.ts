// A conservative reward from an ensemble of reward models, against reward hacking (Coste et al. 2024, "Reward Model
// Ensembles Help Mitigate Overoptimization"; Eisenstein et al. 2023): each member's score normalised with its own
// statistics, then mean − coef·std over the members, so responses the members disagree on (where the policy may be
// exploiting one model's errors) score lower. The result is already normalised: train with rewardStats {0, 1}.
import type { RewardFunction, RewardInput, RewardStats } from "./types";

export interface EnsembleMember {
  reward: RewardFunction;
  stats: RewardStats;
}

export interface ConservativeEnsemble {
  /** mean − coef·std of the members' normalised scores, per response. */
  reward: RewardFunction;
  /** Mean over the last scored batch of the members' standard deviation (0 before any batch). */
  lastDisagreement(): number;
}

export function conservativeEnsemble(options: { members: readonly EnsembleMember[]; coef: number }): ConservativeEnsemble {
  const { members, coef } = options;
  if (members.length < 2) throw new Error("conservativeEnsemble: needs at least two reward models");
  if (!(coef >= 0)) throw new Error("conservativeEnsemble: coef must be ≥ 0");
  let disagreement = 0;
  const reward = async (input: RewardInput): Promise<number[]> => {
    const perMember: number[][] = [];
    for (const m of members) {
      const raw = await m.reward(input);
      const std = m.stats.std > 0 ? m.stats.std : 1;
      perMember.push(raw.map((r) => (r - m.stats.mean) / std));
    }
    const n = input.responses.length;
    const out: number[] = [];
    let spread = 0;
    for (let i = 0; i < n; i++) {
      const xs = perMember.map((scores) => scores[i] as number);
      const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length);
      spread += sd;
      out.push(mean - coef * sd);
    }
    disagreement = n ? spread / n : 0;
    return out;
  };
  return { reward, lastDisagreement: () => disagreement };
}
