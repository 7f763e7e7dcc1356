import Link from "next/link";
import type { AuthUser } from "@/lib/auth";
import { LogoutButton } from "./logout-button";

type NavKey = "label" | "admin" | "projects" | "quality" | "data" | "flags" | "jobs" | "models" | "audit";

const LINKS: { key: NavKey; href: string; label: string; admin: boolean }[] = [
  { key: "label", href: "/label", label: "Rank", admin: false },
  { key: "admin", href: "/admin", label: "Admin", admin: true },
  { key: "projects", href: "/admin/projects", label: "Projects", admin: true },
  { key: "quality", href: "/admin/quality", label: "Quality", admin: true },
  { key: "data", href: "/admin/data", label: "Data", admin: true },
  { key: "flags", href: "/admin/flags", label: "Flags", admin: true },
  { key: "jobs", href: "/admin/jobs", label: "Jobs", admin: true },
  { key: "models", href: "/admin/models", label: "Models", admin: true },
  { key: "audit", href: "/admin/audit", label: "Audit", admin: true },
];

/** The top bar of every signed-in page: product name, the pages this role may visit, the user and Log out. */
export function Header({ user, current }: { user: Pick<AuthUser, "name" | "email" | "role">; current?: NavKey }) {
  const links = LINKS.filter((l) => !l.admin || user.role === "ADMIN");
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-2 sm:gap-x-4">
        <Link href="/" className="text-lg font-bold tracking-tight text-slate-900">
          Podium
        </Link>
        <nav aria-label="Main">
          <ul className="flex gap-1">
            {links.map((l) => (
              <li key={l.key}>
                <Link
                  href={l.href}
                  aria-current={current === l.key ? "page" : undefined}
                  className={`inline-block rounded-md px-2.5 py-1.5 sm:px-3 text-sm font-medium ${
                    current === l.key ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"
                  }`}
                >
                  {l.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ml-auto flex items-center gap-3">
          <div className="text-right leading-tight">
            <div className="max-w-[8rem] truncate text-sm font-medium sm:max-w-[12rem]" data-testid="header-user">
              {user.name}
            </div>
            <div className="hidden max-w-[12rem] truncate text-xs text-slate-600 sm:block">
              {user.email} · {user.role === "ADMIN" ? "admin" : "labeler"}
            </div>
          </div>
          <LogoutButton />
        </div>
      </div>
    </header>
  );
}
