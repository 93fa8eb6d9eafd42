// Renders comparison texts for experts: Markdown (headings, lists, tables), fenced code with syntax
// highlighting (highlight.js core + a few languages), and LaTeX math with KaTeX ($…$, $$…$$, \(…\), \[…\]).
// Everything is bundled: no CDN, no network. Raw HTML in the data is never interpreted (markdown-it runs
// with html:false, so it is shown as text), images become their alt text (nothing is fetched), links lose
// their targets, and the final HTML goes through DOMPurify. Results are cached so prefetched items render
// from memory when they come on screen.
import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import latex from 'highlight.js/lib/languages/latex';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import katex from 'katex';
import 'katex/dist/katex.min.css';
import MarkdownIt, { type StateBlock, type StateInline } from 'markdown-it';
import './markdown.css';

const languages = { bash, c, cpp, go, java, javascript, json, latex, python, rust, sql, typescript, xml };
for (const [name, language] of Object.entries(languages)) hljs.registerLanguage(name, language);
hljs.registerAliases(['sh', 'shell', 'zsh'], { languageName: 'bash' });
hljs.registerAliases(['js', 'jsx', 'mjs'], { languageName: 'javascript' });
hljs.registerAliases(['ts', 'tsx'], { languageName: 'typescript' });
hljs.registerAliases(['py'], { languageName: 'python' });
hljs.registerAliases(['html', 'svg'], { languageName: 'xml' });
hljs.registerAliases(['tex'], { languageName: 'latex' });
hljs.registerAliases(['c++', 'h', 'hpp'], { languageName: 'cpp' });
hljs.registerAliases(['rs'], { languageName: 'rust' });

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** How formulas are typeset: no errors thrown (shown in red instead), no trusted commands, bounded macro expansion. */
export const KATEX_OPTIONS = { throwOnError: false, trust: false, strict: 'ignore', maxExpand: 1000 } as const;

/** KaTeX's HTML for a formula, in a span that keeps its TeX (lib/rendered-text.ts reads the formula from it in reading order). */
function renderMath(tex: string, displayMode: boolean): string {
  try {
    const html = katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode, output: 'html' });
    return `<span class="math" data-tex="${escapeHtml(tex)}">${html}</span>`;
  } catch {
    return `<code class="math-error">${escapeHtml(tex)}</code>`;
  }
}

/** Inline math: $…$ (not "$5 and $6": no space inside the delimiters, no digit right after the closing $), \(…\), and one-line $$…$$ / \[…\]. */
function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  let open: string;
  let close: string;
  if (src.startsWith('$$', start)) [open, close] = ['$$', '$$'];
  else if (src[start] === '$') [open, close] = ['$', '$'];
  else if (src.startsWith('\\(', start)) [open, close] = ['\\(', '\\)'];
  else if (src.startsWith('\\[', start)) [open, close] = ['\\[', '\\]'];
  else return false;
  const from = start + open.length;
  let end = from;
  for (;;) {
    end = src.indexOf(close, end);
    if (end < 0) return false;
    if (src[end - 1] === '\\' && open === '$') {
      end++;
      continue;
    }
    break;
  }
  const tex = src.slice(from, end);
  if (tex.trim() === '') return false;
  if (open === '$') {
    if (/\s/.test(tex[0]) || /\s/.test(tex[tex.length - 1]) || /\d/.test(src[end + 1] ?? '')) return false;
  }
  if (!silent) {
    const token = state.push(open === '$' || open === '\\(' ? 'math_inline' : 'math_display', 'math', 0);
    token.content = tex;
  }
  state.pos = end + close.length;
  return true;
}

/** Block math: a paragraph starting with $$ or \[ running to the line that ends with $$ or \]. */
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineText = (line: number) => state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
  const first = lineText(startLine);
  const open = first.startsWith('$$') ? '$$' : first.startsWith('\\[') ? '\\[' : null;
  if (!open || state.sCount[startLine] - state.blkIndent >= 4) return false;
  const close = open === '$$' ? '$$' : '\\]';
  let content: string;
  let last = startLine;
  const rest = first.slice(2);
  if (rest.trimEnd().endsWith(close) && rest.trim().length >= close.length) {
    content = rest.trimEnd().slice(0, -close.length);
  } else {
    const lines = [rest];
    let found = false;
    for (let line = startLine + 1; line < endLine; line++) {
      const text = lineText(line);
      if (text.trimEnd().endsWith(close)) {
        lines.push(text.trimEnd().slice(0, -close.length));
        last = line;
        found = true;
        break;
      }
      lines.push(text);
    }
    if (!found) return false;
    content = lines.join('\n');
  }
  if (silent) return true;
  state.line = last + 1;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = content;
  token.map = [startLine, state.line];
  return true;
}

const md = new MarkdownIt({
  html: false,
  linkify: false,
  typographer: false,
  highlight: (code, lang) => {
    const language = lang && hljs.getLanguage(lang) ? lang : null;
    const html = language ? hljs.highlight(code, { language, ignoreIllegals: true }).value : escapeHtml(code);
    return `<pre class="code"><code class="hljs${language ? ` language-${escapeHtml(language)}` : ''}">${html}</code></pre>`;
  },
});
md.disable('image');
md.inline.ruler.before('escape', 'math_inline', mathInline);
md.block.ruler.before('fence', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
md.renderer.rules.math_inline = (tokens, i) => renderMath(tokens[i].content, false);
md.renderer.rules.math_display = (tokens, i) => renderMath(tokens[i].content, true);
md.renderer.rules.math_block = (tokens, i) => `<div class="math-block">${renderMath(tokens[i].content, true)}</div>\n`;

// Links keep their text and show the target on hover, but lead nowhere (the app never opens a connection).
if (typeof window !== 'undefined') {
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      const href = node.getAttribute('href');
      node.removeAttribute('href');
      if (href) node.setAttribute('title', href);
      node.setAttribute('class', 'md-link');
    }
  });
}

const CACHE_LIMIT = 300;
const cache = new Map<string, string>();

/** Sanitized HTML for a comparison text; cached by text. */
export function renderMarkdown(text: string): string {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const raw = md.render(text);
  const html = typeof window === 'undefined' ? raw : DOMPurify.sanitize(raw, { FORBID_TAGS: ['style', 'form', 'input', 'button', 'iframe', 'img'], FORBID_ATTR: ['srcset'] });
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(text, html);
  return html;
}

export { escapeHtml };
