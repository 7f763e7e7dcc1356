// The Markdown shown to labelers keeps every character: raw HTML as literal text, markers of empty lists and
// headings, invisible characters marked, headings that are not page headings, named display-only checkboxes.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "@/app/components/markdown";
import { splitInvisible } from "@/app/components/markdown-fidelity";

const html = (text: string, headingLevel?: number) => renderToStaticMarkup(createElement(Markdown, { text, headingLevel }));

/** The text a browser would show (tags dropped, entities decoded). */
function shown(markup: string): string {
  return markup
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&");
}

describe("the Markdown shown to labelers", () => {
  it("shows raw HTML outside code as the literal text, never as elements", () => {
    expect(shown(html("Use List<String> names"))).toBe("Use List<String> names");
    expect(shown(html("use the <br> tag"))).toBe("use the <br> tag");
    const block = html("<p>Wrap text…</p> then add **bold** text.");
    expect(shown(block)).toBe("<p>Wrap text…</p> then add **bold** text.");
    expect(block).not.toMatch(/<p>Wrap/);
  });

  it("never outputs a script element for a script in a completion", () => {
    const out = html("<script>alert(1)</script>\n\nand <img src=x onerror=alert(2)>");
    expect(out).not.toMatch(/<script|<img/i);
    expect(shown(out)).toContain("<script>alert(1)</script>");
    expect(shown(out)).toContain("<img src=x onerror=alert(2)>");
  });

  it("keeps comparison signs and a lone angle bracket", () => {
    expect(shown(html("a < b > c"))).toBe("a < b > c");
    expect(shown(html("<"))).toBe("<");
  });

  it("shows Markdown that is only a list or heading marker as that marker", () => {
    for (const text of ["206.", "-", "1)", "#", "* ", "## "]) expect(shown(html(text))).toBe(text);
    expect(html("206.")).not.toMatch(/<ol|<li/);
  });

  it("still renders real lists and keeps the model's spaces and line breaks in the text", () => {
    const out = html("1. one\n2. two\n\nline one\nline  two");
    expect(out).toMatch(/<ol><li>one<\/li><li>two<\/li><\/ol>/);
    expect(out).toContain("line one\nline  two");
  });

  it("renders headings as styled text, or as headings from a given level", () => {
    const out = html("# Title\n\n### Sub");
    expect(out).not.toMatch(/<h[1-6]/);
    expect(out).toContain('data-md-heading="1"');
    expect(html("# Title\n\n## Sub", 3)).toMatch(/<h3[^>]*>Title<\/h3><h4[^>]*>Sub<\/h4>/);
  });

  it("gives task-list checkboxes an accessible name and keeps them disabled", () => {
    const out = html("- [ ] todo\n- [x] done");
    expect(out).toMatch(/<input type="checkbox" disabled="" aria-label="Task not done"\/>/);
    expect(out).toMatch(/<input type="checkbox" disabled="" aria-label="Task done" checked=""\/>/);
  });

  it("marks zero-width and direction-changing characters without removing them", () => {
    const out = html("a\u200Bb \u202Ecba");
    expect(out).toContain('data-codepoint="U+200B"');
    expect(out).toContain('data-codepoint="U+202E"');
    expect(shown(out)).toBe("a\u200Bb \u202Ecba");
    // An emoji ZWJ sequence stays whole.
    expect(splitInvisible("👩‍💻 ok")).toEqual([{ text: "👩‍💻 ok", invisible: false }]);
  });

  it("keeps the characters of an unclosed code fence's body", () => {
    expect(shown(html("```js\nconst a = List<String>();"))).toContain("const a = List<String>();");
  });
});
