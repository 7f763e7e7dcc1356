// Rankings acknowledged in this browser tab's session (sessionStorage), as an external store for React.
const EVENT = "podium:session-count";

function key(userId: string): string {
  return `podium.sessionRanked.${userId}`;
}

export function readSessionCount(userId: string): number {
  return Number(window.sessionStorage.getItem(key(userId)) ?? "0") || 0;
}

export function incrementSessionCount(userId: string): void {
  window.sessionStorage.setItem(key(userId), String(readSessionCount(userId) + 1));
  window.dispatchEvent(new Event(EVENT));
}

export function subscribeSessionCount(onChange: () => void): () => void {
  window.addEventListener(EVENT, onChange);
  return () => window.removeEventListener(EVENT, onChange);
}

/** A ranking of this session taken back (undo). */
export function decrementSessionCount(userId: string): void {
  window.sessionStorage.setItem(key(userId), String(Math.max(0, readSessionCount(userId) - 1)));
  window.dispatchEvent(new Event(EVENT));
}
