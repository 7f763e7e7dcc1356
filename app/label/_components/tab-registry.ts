// Which tasks each open tab of one labeler shows, so that a second tab is given its own task and no two tabs show
// the same one. Every tab has an id kept in sessionStorage (a reload keeps it, so a reload gets its own task back;
// a duplicated tab, whose copied id is still alive elsewhere, takes a new one) and writes the task ids it holds
// (shown and prefetched, the shown one marked) into one localStorage record per labeler, with a heartbeat. GET
// /tasks/next is then asked to exclude the tasks of the other live tabs. A tab that reloads holds the task it showed
// while it asks for it again, so that no other tab is given it meanwhile.
import { randomId } from "@/app/components/api";

interface TabEntry {
  instance: string;
  tasks: string[];
  /** The one of `tasks` on screen (absent while the tab loads one, or in a record of an older page). */
  shown?: string;
  beat: number;
}

type Registry = Record<string, TabEntry>;

/** A tab that has not written for this long is gone (closed without saying so). */
const STALE_MS = 10_000;
export const HEARTBEAT_MS = 2_000;
/** How long a tab that is going away (closed, or reloading) still holds its tasks against the other tabs. */
const LEAVING_MS = 3_000;

/** sessionStorage (this tab only, kept by a reload): the task the tab shows. */
const SHOWN_KEY = "podium.tabTask";

function registryKey(userId: string): string {
  return `podium.tabs.v1.${userId}`;
}

function isEntry(v: unknown): v is TabEntry {
  if (typeof v !== "object" || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.instance === "string" &&
    typeof e.beat === "number" &&
    (e.shown === undefined || typeof e.shown === "string") &&
    Array.isArray(e.tasks) &&
    e.tasks.every((t) => typeof t === "string")
  );
}

function read(userId: string): Registry {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(registryKey(userId)) ?? "{}");
    if (typeof parsed !== "object" || parsed === null) return {};
    const now = Date.now();
    return Object.fromEntries(Object.entries(parsed).filter(([, e]) => isEntry(e) && now - e.beat < STALE_MS)) as Registry;
  } catch {
    return {};
  }
}

function write(userId: string, registry: Registry): void {
  try {
    window.localStorage.setItem(registryKey(userId), JSON.stringify(registry));
  } catch {
    // Storage disabled: tabs are then told apart only by the server's live leases.
  }
}

export interface TabRegistry {
  tabId: string;
  /** Records the tasks this tab holds now: the one on screen (if any) and the others (a prefetched one). */
  hold(shown: string | null, others: string[]): void;
  /** Task ids held by other live tabs, each with the tab's id and whether that tab shows it. */
  others(): { tabId: string; task: string; shown: boolean }[];
  /** Marks this tab's record as leaving (the page is going away): it lapses shortly after. */
  release(): void;
  /** Storage key of the record, to listen for other tabs' changes. */
  key: string;
  /** After a reload: the task this tab showed before it. */
  previous?: string;
}

/** This page was loaded by a reload of the same tab (not opened, duplicated or navigated to). */
function isReload(): boolean {
  const nav = performance.getEntriesByType("navigation")[0];
  return nav instanceof PerformanceNavigationTiming && nav.type === "reload";
}

export function openTabRegistry(userId: string): TabRegistry {
  const instance = randomId();
  let tabId = "";
  try {
    tabId = window.sessionStorage.getItem("podium.tabId") ?? "";
  } catch {
    tabId = "";
  }
  // A copied id still written by another live page: this is a duplicated tab, not a reload. A reload's previous page
  // may not have removed its record yet (pagehide is not guaranteed): the navigation type tells the two apart.
  const existing = tabId ? read(userId)[tabId] : undefined;
  const reloaded = isReload();
  if (!tabId || (!reloaded && existing && existing.instance !== instance && existing.tasks.length > 0 && Date.now() - existing.beat < HEARTBEAT_MS * 2)) {
    tabId = randomId();
  }
  try {
    window.sessionStorage.setItem("podium.tabId", tabId);
  } catch {
    // Without sessionStorage a reload counts as a new tab.
  }
  const hold = (shown: string | null, rest: string[]) => {
    const tasks = [...new Set(shown ? [shown, ...rest] : rest)];
    write(userId, { ...read(userId), [tabId]: { instance, tasks, ...(shown ? { shown } : {}), beat: Date.now() } });
    try {
      if (shown) window.sessionStorage.setItem(SHOWN_KEY, shown);
    } catch {
      // Without sessionStorage a reload gets the oldest task the labeler holds.
    }
  };
  let previous: string | undefined;
  try {
    previous = (reloaded && window.sessionStorage.getItem(SHOWN_KEY)) || undefined;
  } catch {
    previous = undefined;
  }
  return {
    tabId,
    previous,
    key: registryKey(userId),
    hold,
    others() {
      return Object.entries(read(userId)).flatMap(([id, e]) => (id === tabId ? [] : e.tasks.map((task) => ({ tabId: id, task, shown: task === e.shown }))));
    },
    release() {
      // Not removed at once: a reload's new page may take a moment to write its record again, and meanwhile another
      // tab must not be given this tab's tasks. The record is dated so that it goes stale in LEAVING_MS.
      const registry = read(userId);
      const entry = registry[tabId];
      if (entry && entry.instance === instance) {
        write(userId, { ...registry, [tabId]: { ...entry, beat: Date.now() - STALE_MS + LEAVING_MS } });
      }
    },
  };
}
