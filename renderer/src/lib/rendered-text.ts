// The plain text a reader sees of a comparison text once rendered (Markdown, code, KaTeX math), for diffing what is read.
//
// The rendered HTML is parsed into an inert <template> (nothing runs, nothing loads) and walked: whitespace collapses as
// in the browser (kept in code blocks), each block (paragraph, heading, list item, table row, code block, display math)
// starts a line, list items keep their bullet or number, table cells are separated by a tab, and a formula reads as
// its MathML's text (in reading order: KaTeX's HTML puts a fraction's denominator first).
import katex from 'katex';
import { KATEX_OPTIONS, renderMarkdown } from './markdown';

const BLOCKS = new Set(['P', 'DIV', 'LI', 'UL', 'OL', 'TR', 'TABLE', 'THEAD', 'TBODY', 'PRE', 'BLOCKQUOTE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HR']);
/** Marks a block's edge while walking; becomes one line break. */
const EDGE = '\u0000';

function listMarker(item: Element): string {
  const list = item.parentElement;
  if (list?.tagName !== 'OL') return '• ';
  const start = Number(list.getAttribute('start') ?? 1);
  return `${start + Array.prototype.indexOf.call(list.children, item)}. `;
}

/** An inert fragment of HTML: parsed, never run, nothing fetched. */
function fragment(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
}

/** A formula's text as a reader takes it in: the text of KaTeX's MathML, without the TeX annotation. */
function mathText(tex: string): string {
  const math = fragment(katex.renderToString(tex, { ...KATEX_OPTIONS, output: 'mathml' }));
  math.querySelectorAll('annotation').forEach((a) => a.remove());
  return math.textContent ?? '';
}

export function renderedText(markdown: string): string {
  let out = '';
  /** A list item's bullet or number, written before its first text. */
  let marker = '';
  const takeMarker = () => {
    const taken = marker;
    marker = '';
    return taken;
  };
  const append = (text: string) => {
    if (text.trim()) out += takeMarker();
    out += /[ \t\u0000]$/.test(out) || out === '' ? text.replace(/^ /, '') : text;
  };
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) return append((node.textContent ?? '').replace(/\s+/g, ' '));
    if (!(node instanceof Element)) return;
    if (node.tagName === 'BR') return void (out += '\n');
    const tex = node.getAttribute('data-tex');
    if (tex !== null) return append(mathText(tex));
    if (node.tagName === 'PRE') {
      out += `${EDGE}${takeMarker()}${(node.textContent ?? '').replace(/\n$/, '')}${EDGE}`;
      return;
    }
    const block = BLOCKS.has(node.tagName);
    if (block) out += EDGE;
    if (node.tagName === 'LI') marker = listMarker(node);
    if ((node.tagName === 'TD' || node.tagName === 'TH') && node.previousElementSibling) out = `${out.replace(/ $/, '')}\t`;
    node.childNodes.forEach(walk);
    if (block) out += EDGE;
  };
  fragment(renderMarkdown(markdown)).childNodes.forEach(walk);
  return out.replace(/ *\u0000[\u0000 ]*/g, '\n').replace(/^\n+|\n+$/g, '');
}
