// The one auth wrapper of every /api/v1 route: resolves the caller, checks the role and CSRF, and maps every
// error to the JSON error shape. A handler only parses its input, calls lib/, and returns JSON.
import { authenticate, SESSION_COOKIE, type AuthUser, type TRole } from "@/lib/auth";
import { getDb, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { textProblem } from "@/lib/util/text";
import { readCookie } from "./cookies";
import { isSameOrigin } from "./request-info";
import { errorResponse } from "./respond";

type Params = Record<string, string>;

export interface RouteContext<P extends Params> {
  params: Promise<P>;
}

export interface UserHandlerContext<P extends Params> {
  req: Request;
  user: AuthUser;
  db: Db;
  params: P;
}

export interface PublicHandlerContext<P extends Params> {
  req: Request;
  db: Db;
  params: P;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function withUser<P extends Params = Params>(
  handler: (ctx: UserHandlerContext<P>) => Promise<Response>,
  options: { role?: TRole } = {},
): (req: Request, ctx: RouteContext<P>) => Promise<Response> {
  return async (req, ctx) => {
    try {
      const db = await getDb();
      const user = await authenticate({
        db,
        authorization: req.headers.get("authorization"),
        sessionSecret: readCookie(req, SESSION_COOKIE),
      });
      if (!user) throw new AppError("UNAUTHENTICATED", "Sign in or send a valid API token");
      if (options.role === "ADMIN" && user.role !== "ADMIN") {
        throw new AppError("FORBIDDEN", "This endpoint needs an admin account");
      }
      if (user.via === "session" && !SAFE_METHODS.has(req.method) && !isSameOrigin(req)) {
        throw new AppError("FORBIDDEN", "Cross-site request refused (CSRF check): send it from Podium's own pages");
      }
      return await handler({ req, user, db, params: checkedUrlText(req, await ctx.params) });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export function withPublic<P extends Params = Params>(
  handler: (ctx: PublicHandlerContext<P>) => Promise<Response>,
): (req: Request, ctx: RouteContext<P>) => Promise<Response> {
  return async (req, ctx) => {
    try {
      if (!SAFE_METHODS.has(req.method) && req.headers.get("origin") && !isSameOrigin(req)) {
        throw new AppError("FORBIDDEN", "Cross-site request refused (CSRF check)");
      }
      return await handler({ req, db: await getDb(), params: checkedUrlText(req, await ctx.params) });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/**
 * Path ids and query values reach the database: text PostgreSQL cannot hold (NUL) or that is not Unicode is a 400
 * here, before either database sees it, so both answer alike.
 */
function checkedUrlText<P extends Params>(req: Request, params: P): P {
  // A route without dynamic segments gets no params object.
  for (const [name, value] of Object.entries(params ?? {})) {
    const problem = textProblem(value);
    if (problem) throw new AppError("BAD_REQUEST", `The URL path's ${name} ${problem}`);
  }
  for (const [name, value] of new URL(req.url).searchParams) {
    const problem = textProblem(name) ?? textProblem(value);
    if (problem) throw new AppError("BAD_REQUEST", `The query parameter ${JSON.stringify(name)} ${problem}`);
  }
  return params;
}
