import { requirePageUser } from "@/app/_lib/page-user";
import { Header } from "@/app/components/header";
import { getConfig } from "@/lib/config";
import { RankingApp } from "./_components/ranking-app";

export const metadata = { title: "Rank · Podium" };

export default async function LabelPage() {
  const user = await requirePageUser({ path: "/label" });
  return (
    <>
      <Header user={user} current="label" />
      <main id="main">
        <h1 className="sr-only">Rank completions</h1>
        <RankingApp userId={user.id} undoSeconds={getConfig().PODIUM_UNDO_SECONDS} />
      </main>
    </>
  );
}
