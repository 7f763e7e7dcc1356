import { AppError } from "@/lib/errors";
import type { AuthUser, TRole } from "./types";

/** Throws FORBIDDEN unless the actor has the role (admins pass every check). */
export function requireRole(actor: AuthUser, role: TRole): void {
  if (role === "ADMIN" && actor.role !== "ADMIN") {
    throw new AppError("FORBIDDEN", "This action needs an admin account");
  }
}
