import type { Modifier } from "@dnd-kit/core";

/** Cards move only up and down (what @dnd-kit/modifiers' restrictToVerticalAxis does, without another package). */
export const restrictToVerticalAxis: Modifier = ({ transform }) => ({
  ...transform,
  x: 0,
});

/**
 * The dragged card stays within the list (what restrictToParentElement does): a card dragged to a phone's bottom
 * edge never grows the page, so auto-scrolling stops at the end of the list instead of scrolling past the page.
 */
export const restrictToList: Modifier = ({ transform, draggingNodeRect, containerNodeRect }) => {
  if (!draggingNodeRect || !containerNodeRect) return transform;
  const minY = containerNodeRect.top - draggingNodeRect.top;
  const maxY = containerNodeRect.top + containerNodeRect.height - (draggingNodeRect.top + draggingNodeRect.height);
  return { ...transform, y: Math.min(Math.max(transform.y, minY), maxY) };
};
