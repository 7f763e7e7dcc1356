import { buttonClass } from "@/app/components/ui/button";

const FORMATS = [
  {
    format: "pairwise",
    title: "Pairwise",
    text: "TRL preference rows {prompt, chosen, rejected} with prompt_id, margin, comparison_id — all 10 pairs of every ranking.",
  },
  {
    format: "listwise",
    title: "Listwise",
    text: "Each prompt with its completions in consensus order and how many labelers agreed.",
  },
  {
    format: "events",
    title: "Raw events",
    text: "Every ranking with pseudonymous labeler ids, shown and final order, duration, timestamps.",
  },
] as const;

/** Plain links: the browser streams the JSONL download with the session cookie. */
export function ExportLinks() {
  return (
    <ul className="space-y-3">
      {FORMATS.map((f) => (
        <li key={f.format} className="flex flex-wrap items-center gap-3 sm:flex-nowrap">
          <a
            href={`/api/v1/export?format=${f.format}`}
            download={`podium-${f.format}.jsonl`}
            className={`${buttonClass("secondary")} w-32 shrink-0`}
          >
            {f.title}
          </a>
          <p className="text-sm text-slate-700">{f.text}</p>
        </li>
      ))}
    </ul>
  );
}
