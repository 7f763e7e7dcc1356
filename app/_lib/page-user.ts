// Server-side helpers for pages: who is signed in (from the session cookie) and role-based redirects.
// Lives in app/ because it reads Next.js request cookies; the session lookup itself is lib/auth's.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { findSessionUser, SESSION_COOKIE, type AuthUser, type TRole } from "@/lib/auth";
import { getDb } from "@/lib/db";

/** The user of this page request, or null when nobody is signed in (or the session expired). */
export async function getPageUser(): Promise<AuthUser | null> {
  const secret = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!secret) return null;
  return findSessionUser({ db: await getDb(), secret });
}

/** Home page of a role: labelers rank, admins manage. */
export function homePathFor(role: TRole): string {
  return role === "ADMIN" ? "/admin" : "/label";
}

/**
 * The signed-in user, or a redirect: anonymous visitors go to the login page (coming back here afterwards),
 * signed-in users without the role go to their own home page.
 */
export async function requirePageUser({ role, path }: { role?: TRole; path: string }): Promise<AuthUser> {
  const user = await getPageUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(path)}`);
  if (role === "ADMIN" && user.role !== "ADMIN") redirect(homePathFor(user.role));
  return user;
}
