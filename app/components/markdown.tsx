// Markdown from prompts, completions and guidelines: GitHub-flavoured, every character kept on screen. Raw HTML is
// shown as the literal text it is (never run, never dropped), the model's spaces and line breaks are kept, and
// Markdown headings are styled text, not page headings, so the page outline stays the app's. The HTML tree is still
// sanitised (rehype-sanitize's GitHub schema) as a second fence, so an imported completion can never run script
// in a labeler's browser.
import { createElement, type ComponentProps } from "react";
import ReactMarkdown, { type Components, type ExtraProps } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import { rehypeFidelity, remarkLiteral } from "./markdown-fidelity";

type HeadingProps = ComponentProps<"h1"> & ExtraProps;

/** Headings as styled paragraphs, or as real headings from `base` down (h1 → h`base`) where the page wants them. */
function headingComponents(base: number | undefined): Components {
  const make = (level: number) =>
    function MarkdownHeading({ node: _node, className, ...rest }: HeadingProps) {
      const classes = `md-heading md-h${level} ${className ?? ""}`.trim();
      if (base === undefined) return <p {...rest} className={classes} data-md-heading={level} />;
      return createElement(`h${Math.min(6, base + level - 1)}`, { ...rest, className: classes });
    };
  return { h1: make(1), h2: make(2), h3: make(3), h4: make(4), h5: make(5), h6: make(6) };
}

const TEXT_HEADINGS = headingComponents(undefined);

export interface MarkdownProps {
  text: string;
  className?: string;
  /** Render Markdown headings as real headings starting at this level (e.g. 3 under an h2); styled text if unset. */
  headingLevel?: number;
}

export function Markdown({ text, className = "", headingLevel }: MarkdownProps) {
  return (
    <div className={`prose-podium ${className}`}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm, remarkLiteral]}
        rehypePlugins={[rehypeSanitize, rehypeFidelity]}
        components={headingLevel === undefined ? TEXT_HEADINGS : headingComponents(headingLevel)}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
}
