// Letters that Unicode decomposition does not split into a base letter and a mark.
const SPECIAL: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

const ASCII = /^[\x00-\x7f]*$/;

/** True for text of ASCII characters only (its own accent folding, and readable in place). */
export const isAscii = (text: string): boolean => ASCII.test(text);

/**
 * Lower-cased text with accents and ligatures folded to ASCII ("Crème Brûlée" → "creme brulee",
 * "Straße" → "strasse"), as Elasticsearch's `asciifolding` does, so both adapters match alike.
 */
export function foldAccents(text: string): string {
  // ASCII is its own decomposition: only the case changes (most product text, and cheaper than normalizing).
  if (isAscii(text)) return text.toLowerCase();
  return text.toLowerCase().normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[ßæœøłđðþı]/g, (c) => SPECIAL[c]!);
}
