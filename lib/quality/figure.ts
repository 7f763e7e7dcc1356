// A quality figure either has a value with the count it rests on, or says that the data are too few for one: the
// console shows the reason instead of a number that would mean nothing (agreement with a single labeler, α on a
// handful of units).

export interface FigureValue<T> {
  status: "ok";
  value: T;
  /** How many observations the value rests on (pairs, units, rankings: `unit` says which). */
  count: number;
  unit: string;
}

export interface FigureInsufficient {
  status: "insufficient";
  count: number;
  /** The least count that gives a value. */
  needed: number;
  unit: string;
  reason: string;
}

export type Figure<T> = FigureValue<T> | FigureInsufficient;

/** A figure from a value that is null (or a count below `needed`) when the data are too few. */
export function figure<T>({ value, count, needed, unit }: { value: T | null; count: number; needed: number; unit: string }): Figure<T> {
  if (value === null || count < needed) {
    return { status: "insufficient", count, needed, unit, reason: `insufficient data: ${count} ${unit}, at least ${needed} needed` };
  }
  return { status: "ok", value, count, unit };
}
