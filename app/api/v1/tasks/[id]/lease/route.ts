import { getConfig } from "@/lib/config";
import { renewLease } from "@/lib/tasks";
import { json, withUser } from "@/lib/http";

// Renews the caller's lease on a task while its page is open → {leaseExpiresAt}.
export const POST = withUser<{ id: string }>(async ({ db, user, params }) =>
  json(await renewLease({ db, userId: user.id, comparisonId: params.id, leaseSeconds: getConfig().PODIUM_LEASE_SECONDS })),
);
