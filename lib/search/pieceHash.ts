const OFFSET = 0x811c9dc5;
const PRIME = 0x01000193;

/** Lower-cases an ASCII letter's code (other codes as they are). */
export const lowerCode = (code: number): number => (code >= 65 && code <= 90 ? code + 32 : code);

/** FNV-1a of `text[start, end)` lower-cased: what a piece of text is looked up by (`StringIds`, `PieceCache`). */
export function pieceHash(text: string, start = 0, end = text.length): number {
  let hash = OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ lowerCode(text.charCodeAt(i)), PRIME);
  return hash;
}

/** The hash {@link pieceHash} gives a piece after `code` is appended to it (`hash` of the piece so far, `OFFSET` for none). */
export const extendHash = (hash: number, code: number): number => Math.imul(hash ^ code, PRIME);
export const EMPTY_HASH = OFFSET;
