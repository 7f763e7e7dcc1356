import { AppError } from "@/lib/errors";
import { isSystemActor, type Actor, type TRole } from "./types";

/**
 * Throws FORBIDDEN unless the actor has the role: admins and the system actor pass every check. Called
 * unconditionally by every lib/ function that needs a role; anything that is not an actor (null) is refused.
 */
export function requireRole(actor: Actor, role: TRole): void {
  const known = typeof actor === "object" && actor !== null;
  if (known && isSystemActor(actor)) return;
  if (known && (actor.role === "ADMIN" || (role === "LABELER" && actor.role === "LABELER"))) return;
  throw new AppError("FORBIDDEN", role === "ADMIN" ? "This action needs an admin account" : "This action needs a signed-in account");
}
