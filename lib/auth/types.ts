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
