"use client";
import { useState } from "react";
import { api } from "./api";
import { Button } from "./ui/button";

export function LogoutButton() {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await api("/api/v1/auth/logout", { method: "POST" });
        // A full navigation drops every page the client router has cached for the signed-in user.
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination
        window.location.assign("/login");
      }}
    >
      {busy ? "Signing out…" : "Log out"}
    </Button>
  );
}
