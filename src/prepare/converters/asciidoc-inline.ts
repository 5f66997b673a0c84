/**
 * AsciiDoc's inline macros, as a reader of the rendered manual sees them. Git's manual pages
 * are AsciiDoc, and their source pages showed the markup: "see linkgit:git-worktree[1]",
 * "described in <<FILES>>", "\[\[FILES]]" over a section, "Search Theory <<9>>:", a URL
 * followed by its link text in brackets. Rendered as Asciidoctor renders them: a man page
 * reference "git-worktree(1)", a cross reference by its text (or its target's name), a
 * citation "[9]", an anchor as nothing, a URL macro as a Markdown link (a link to a page of
 * the manual's own site as its text). Code spans are left as written: there `<<EOF` is a
 * shell's here-document.
 */
export function renderAsciidocInline(line: string): string {
  if (!MAY_HOLD_MACRO.test(line)) return line;
  return line
    .split(/(`[^`]*`)/)
    .map((piece, i) => (i % 2 === 1 ? piece : renderPiece(piece)))
    .join('');
}

/** A line that is only a block anchor (`[[FILES]]`, `[[def-index,index]]`): markup over what follows, shown as nothing. */
export function isBlockAnchor(line: string): boolean {
  return BLOCK_ANCHOR.test(line);
}

const MAY_HOLD_MACRO = /linkgit:|<<|\[\[|:\/\/\S*\[|link:\S*\[/;
const BLOCK_ANCHOR = /^\[\[[A-Za-z_][\w:.-]*(?:,[^\]]*)?\]\]\s*$/;

function renderPiece(text: string): string {
  return (
    text
      // linkgit:git-add[1] → git-add(1), as Git's own documentation renders its macro.
      .replace(/linkgit:([\w.-]+)\[(\d+)\]/g, '$1($2)')
      // <<CFI,Conflicted file info>> → its text; <<9>> → a citation; <<FILES>> → the target's name.
      .replace(/<<([A-Za-z0-9_][\w:.-]*),\s*([^<>\n]+?)>>/g, '$2')
      .replace(/<<(\d+)>>/g, '[$1]')
      .replace(/<<([A-Za-z_][\w:.-]*)>>/g, (_, id: string) => id.replace(/_/g, ' '))
      // A bibliography entry's anchor [[[9]]] reads as its label; any other anchor is nothing.
      .replace(/\[\[\[([\w:.-]+)\]\]\]/g, '[$1]')
      .replace(/\[\[[A-Za-z_][\w:.-]*(?:,[^\]\n]*)?\]\]/g, '')
      // https://example.org/a[the text] → [the text](https://example.org/a); with no text, the address.
      .replace(/(?:link:)?(https?:\/\/[^\s[\]<>]+)\[([^\]\n]*)\]/g, (_, url: string, label: string) => markdownLink(url, label))
      // link:user-manual.html[the text]: a page of the manual's own site, not in the wiki: its text.
      .replace(/\blink:([^\s[\]<>]+)\[([^\]\n]*)\]/g, (_, target: string, label: string) => label.replace(/\^$/, '').trim() || target)
  );
}

/** A URL macro's link; its text without the `^` that asks for a new window, its address without bare parentheses. */
function markdownLink(url: string, label: string): string {
  const text = label.replace(/\^$/, '').trim();
  return text === '' ? url : `[${text}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}
