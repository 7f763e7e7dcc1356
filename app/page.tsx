import { redirect } from "next/navigation";
import { getPageUser, homePathFor } from "./_lib/page-user";

// `/` only sends people where they belong: anonymous → login, labeler → ranking, admin → admin home.
export default async function Home() {
  const user = await getPageUser();
  redirect(user ? homePathFor(user.role) : "/login");
}
