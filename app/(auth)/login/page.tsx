import { redirect } from "next/navigation";
import { getPageUser, homePathFor } from "@/app/_lib/page-user";
import { LoginForm } from "./login-form";

export const metadata = { title: "Sign in · Podium" };

/** Only same-site paths are followed after login, so `?next=` cannot send anyone elsewhere. */
function safeNext(next: string | string[] | undefined): string | null {
  const value = Array.isArray(next) ? next[0] : next;
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : null;
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await getPageUser();
  const next = safeNext((await searchParams).next);
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
