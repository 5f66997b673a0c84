/**
 * TeX's math symbol fonts (cmsy10, Latin Modern's lmsy10 and their sizes, in PDFs made by TeX without a ToUnicode map)
 * name their glyphs in a way no Unicode table knows ("angbracketleft"), so PDFium gives the
 * character code itself: LaTeX manuals' "⟨argument⟩" read "hargumenti". This is the font's
 * encoding (OMS) for the codes that appear in text; a character PDFium maps is never changed.
 */
const OMS: Record<number, string> = {
  0x00: '−', 0x01: '·', 0x02: '×', 0x03: '∗', 0x04: '÷', 0x05: '⋄', 0x06: '±', 0x07: '∓',
  0x0f: '•', 0x14: '≤', 0x15: '≥', 0x18: '∼', 0x19: '≈', 0x20: '←', 0x21: '→', 0x22: '↑',
  0x23: '↓', 0x24: '↔', 0x28: '⇐', 0x29: '⇒', 0x2c: '⇔', 0x30: '′', 0x31: '∞', 0x32: '∈',
  0x38: '∀', 0x39: '∃', 0x3a: '¬', 0x3b: '∅', 0x5b: '∪', 0x5c: '∩', 0x5e: '∧', 0x5f: '∨',
  0x66: '{', 0x67: '}', 0x68: '⟨', 0x69: '⟩', 0x6a: '|', 0x6b: '‖', 0x6e: '\\', 0x70: '√',
  0x78: '§', 0x79: '†', 0x7a: '‡', 0x7b: '¶',
};

/** TeX's symbol fonts by name, after a subset's prefix: Computer Modern's ("ABCDEF+CMSY10") and Latin Modern's. */
const SYMBOL_FONT = /^(?:[A-Z]{6}\+)?(?:CMB?SY\d+|LMMathSymbols\d+-\w+)$/;

/** The character a TeX symbol font's code stands for, when `font` is one and the code is known. */
export function texSymbol(font: string, code: number): string | undefined {
  return SYMBOL_FONT.test(font) ? OMS[code] : undefined;
}
