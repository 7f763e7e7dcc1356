// Markdown from prompts, completions and guidelines: GitHub-flavoured, raw HTML dropped and the rest sanitised
// (rehype-sanitize's GitHub schema), so an imported completion can never run script in a labeler's browser.
import ReactMarkdown from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

export function Markdown({ text, className = "" }: { text: string; className?: string }) {
  return (
    <div className={`prose-podium ${className}`}>
      <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]} skipHtml>
        {text}
      </ReactMarkdown>
    </div>
  );
}
