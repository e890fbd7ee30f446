/**
 * `Helper::parseEscapedMarkedownInline`: Parsedown's inline Markdown in safe mode, as Snipe-IT
 * renders `notes`. Covers what notes use in practice — escaping, code, links, bare URLs, strong,
 * emphasis, strike-through and hard breaks — not every corner of Parsedown.
 */

const SAFE_SCHEMES = /^(https?|ftps?|mailto|tel|data:image\/(png|gif|jpeg);base64|irc|ircs|git|ssh|news|steam):/i;

function safeUrl(url: string): string {
  if (!url.includes(':') || SAFE_SCHEMES.test(url)) return url;
  return url.replace(/:/g, '%3A');
}

function attribute(url: string): string {
  return safeUrl(url).replace(/"/g, '&quot;');
}

/** Null for an empty value (PHP's falsy "" and "0"), else the inline HTML. */
export function inlineMarkdown(text: string | null | undefined): string | null {
  if (text === null || text === undefined || text === '' || text === '0') return null;
  const codes: string[] = [];
  const hold = (html: string) => `\u0000${codes.push(html) - 1}\u0000`;
  let s = text
    .replace(/&(?!#?\w+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
  s = s.replace(/\\([\\`*_{}[\]()#+\-.!|~])/g, (_m, ch: string) => hold(ch));
  s = s.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_m, _ticks: string, code: string) => hold(`<code>${code.trim()}</code>`));
  s = s.replace(/\[([^\]]*)\]\(\s*([^\s)]+)(?:\s+"([^"]*)")?\s*\)/g, (_m, label: string, url: string, title: string | undefined) =>
    hold(`<a href="${attribute(url)}"${title ? ` title="${title}"` : ''}>${label}</a>`),
  );
  s = s.replace(/\bhttps?:\/\/[^\s<\u0000]+[^\s<\u0000.,;:!?)'"]/gi, (url) => hold(`<a href="${attribute(url)}">${url}</a>`));
  s = s.replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '<strong>$1</strong>');
  s = s.replace(/(^|[^\w])__(?=\S)([\s\S]*?\S)__(?![\w])/g, '$1<strong>$2</strong>');
  s = s.replace(/\*(?=\S)([\s\S]*?\S)\*/g, '<em>$1</em>');
  s = s.replace(/(^|[^\w])_(?=\S)([\s\S]*?\S)_(?![\w])/g, '$1<em>$2</em>');
  s = s.replace(/~~(?=\S)([\s\S]*?\S)~~/g, '<del>$1</del>');
  s = s.replace(/ {2,}\n/g, '<br />\n');
  return s.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => codes[Number(i)]);
}
