export { JSON_MEDIA_TYPES, parseJsonText, readJson, readText, requireContentType } from "./body";
export { clearedCookie, readCookie, sessionCookie } from "./cookies";
export { clientIp, isSameOrigin } from "./request-info";
export { errorResponse, json } from "./respond";
export { withPublic, withUser, type PublicHandlerContext, type RouteContext, type UserHandlerContext } from "./with-user";
