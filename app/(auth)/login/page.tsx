import { redirect } from "next/navigation";
import { getPageUser, homePathFor } from "@/app/_lib/page-user";
import { safeNextPath } from "@/lib/auth/safe-next-path";
import { LoginForm } from "./login-form";

export const metadata = { title: "Sign in · Podium" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await getPageUser();
  // Only same-origin paths are followed after login, so `?next=` cannot send anyone elsewhere.
  const requested = (await searchParams).next;
  const next = safeNextPath(Array.isArray(requested) ? requested[0] : requested);
  if (user) redirect(next ?? homePathFor(user.role));
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <h1 className="mb-1 text-center text-2xl font-bold tracking-tight">Podium</h1>
        <p className="mb-6 text-center text-sm text-slate-600">Sign in to rank completions or manage the workbench.</p>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <LoginForm next={next} />
        </div>
      </div>
    </main>
  );
}
