// X-Forwarded-For as lib/http's clientIp reads it: what the client and any proxies sent, then the socket peer.
// Next.js only fills the header in when it is missing (`??=`), so a client that sends one would otherwise choose
// its own address; the fast lane (./fast-lane.ts) appends the peer to the Requests it builds in the same way.
import type http from "node:http";

/** Appends the socket peer's address to the request's X-Forwarded-For (before Next.js reads it). */
export function appendPeerAddress(req: http.IncomingMessage): void {
  const peer = req.socket.remoteAddress;
  if (!peer) return;
  const sent = req.headers["x-forwarded-for"];
  req.headers["x-forwarded-for"] = sent ? `${sent}, ${peer}` : peer;
}
