import { z } from "zod";

export const ZRole = z.enum(["LABELER", "ADMIN"]);
export type TRole = z.infer<typeof ZRole>;

/** The caller of a request, however they authenticated. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: TRole;
  /** How this request authenticated: cookie writes need CSRF protection, bearer tokens do not. */
  via: "session" | "token";
}

/**
 * Podium itself acting, with no user behind it: the command line and the set-up of a fresh install, run by whoever
 * owns the machine. It passes every role check and is no account: it has no id, so it cannot own anything.
 */
export interface SystemActor {
  kind: "system";
  name: "system";
}

export const SYSTEM_ACTOR: SystemActor = Object.freeze({ kind: "system", name: "system" });

/** Whoever a lib/ function acts for: a signed-in user (or token), or the system. */
export type Actor = AuthUser | SystemActor;

export function isSystemActor(actor: Actor): actor is SystemActor {
  return "kind" in actor && actor.kind === "system";
}
