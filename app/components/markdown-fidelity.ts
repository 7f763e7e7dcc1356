// The Markdown transforms that keep every character of a model's output on screen: raw HTML becomes literal text
// (shown, never run, never dropped), a list or heading with nothing in it shows the characters that made it
// ("206.", "-", "1)", "#"), invisible and direction-changing characters get a visible mark, and display-only
// task-list checkboxes get an accessible name.

/** The unist shape these transforms read and write (mdast and hast nodes both fit it). */
interface TreeNode {
  type: string;
  value?: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: TreeNode[];
  position?: { start: { offset?: number }; end: { offset?: number } };
}

/** Containers whose children are blocks (flow content) in mdast. */
const MD_FLOW_PARENTS = new Set(["root", "blockquote", "listItem", "footnoteDefinition"]);

function literal(node: TreeNode, source: string): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start !== undefined && end !== undefined ? source.slice(start, end) : "";
}

function isEmptyList(node: TreeNode): boolean {
  return node.type === "list" && (node.children ?? []).every((item) => (item.children ?? []).length === 0);
}

function rewriteMarkdown(parent: TreeNode, source: string): void {
  const flow = MD_FLOW_PARENTS.has(parent.type);
  parent.children = (parent.children ?? []).map((child) => {
    // Raw HTML (`<p>`, `List<String>`, `<script>…`): the characters themselves, as text.
    if (child.type === "html") {
      const text: TreeNode = { type: "text", value: child.value ?? "", position: child.position };
      return flow ? { type: "paragraph", children: [text], position: child.position } : text;
    }
    // "206.", "-", "1)", "#": Markdown that is only a list marker or a heading marker shows that marker.
    if (isEmptyList(child) || (child.type === "heading" && (child.children ?? []).length === 0)) {
      const text = literal(child, source);
      if (text) return { type: "paragraph", children: [{ type: "text", value: text }], position: child.position };
    }
    rewriteMarkdown(child, source);
    return child;
  });
}

/** remark plugin: raw HTML as literal text, empty lists and headings as the characters that made them. */
export function remarkLiteral() {
  return (tree: TreeNode, file: { value: unknown }) => {
    rewriteMarkdown(tree, typeof file.value === "string" ? file.value : String(file.value ?? ""));
  };
}

/**
 * Zero-width, joiner-free invisible and bidirectional control characters. A joiner (U+200D) is left alone: it is
 * part of emoji sequences (👩‍💻), which must stay whole.
 */
export const INVISIBLE_CHARS = /[\u00AD\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;
const INVISIBLE_SPLIT = new RegExp(`(${INVISIBLE_CHARS.source})`, "u");

/** "U+202E" for a character. */
export function codePointLabel(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Splits text into plain runs and single invisible characters, in order; joined they are the text again. */
export function splitInvisible(text: string): { text: string; invisible: boolean }[] {
  return text
    .split(INVISIBLE_SPLIT)
    .filter((part) => part !== "")
    .map((part) => ({ text: part, invisible: part.length === 1 && INVISIBLE_CHARS.test(part) }));
}

const BLOCK_TAGS = new Set([
  "address", "blockquote", "div", "dl", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
  "li", "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul",
]);

function isBlock(node: TreeNode | undefined): boolean {
  return node?.type === "element" && BLOCK_TAGS.has(node.tagName ?? "");
}

function isBlank(node: TreeNode): boolean {
  return node.type === "text" && /^\s*$/.test(node.value ?? "");
}

function rewriteHtml(parent: TreeNode, insidePre: boolean): void {
  const children = parent.children ?? [];
  const hasBlocks = children.some(isBlock);
  const out: TreeNode[] = [];
  children.forEach((child, i) => {
    // The line breaks between blocks are layout, not text: drop them, so `white-space: pre-wrap` (which keeps the
    // model's own spaces and line breaks) does not turn them into blank lines.
    if (!insidePre && hasBlocks && isBlank(child) && (i === 0 || i === children.length - 1 || isBlock(children[i - 1]) || isBlock(children[i + 1])))
      return;
    if (child.type === "text") {
      for (const part of splitInvisible(child.value ?? "")) {
        out.push(
          part.invisible
            ? {
                type: "element",
                tagName: "span",
                properties: { className: ["md-invisible"], dataCodepoint: codePointLabel(part.text), title: codePointLabel(part.text) },
                children: [{ type: "text", value: part.text }],
              }
            : { type: "text", value: part.text },
        );
      }
      return;
    }
    if (child.type === "element" && child.tagName === "input" && child.properties?.type === "checkbox") {
      const done = Boolean(child.properties.checked);
      child.properties = { ...child.properties, disabled: true, ariaLabel: done ? "Task done" : "Task not done" };
    }
    rewriteHtml(child, insidePre || child.tagName === "pre");
    out.push(child);
  });
  parent.children = out;
}

/** rehype plugin (after sanitising): visible marks for invisible characters, named display-only checkboxes. */
export function rehypeFidelity() {
  return (tree: TreeNode) => {
    rewriteHtml(tree, false);
  };
}
