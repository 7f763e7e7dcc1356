import type { Modifier } from "@dnd-kit/core";

/** Cards move only up and down (what @dnd-kit/modifiers' restrictToVerticalAxis does, without another package). */
export const restrictToVerticalAxis: Modifier = ({ transform }) => ({
  ...transform,
  x: 0,
});
