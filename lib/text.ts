// Text clean-up for spreadsheet cells and column headers exported by departments. Pure, no I/O.

const FULL_WIDTH_FIRST = 0xff01; // ！
const FULL_WIDTH_LAST = 0xff5e; // ～
const FULL_WIDTH_OFFSET = 0xfee0;
const IDEOGRAPHIC_SPACE = 0x3000;

/**
 * Full-width ASCII (U+FF01–U+FF5E) to ASCII and the ideographic space (U+3000) to a space; every
 * other character is kept. Returns the input itself when nothing changes.
 * @example toHalfWidth('ＡＢＣ１２３（有限公司）') // 'ABC123(有限公司)'
 */
export function toHalfWidth(s: string): string {
  let i = 0;
  const n = s.length;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === IDEOGRAPHIC_SPACE || (c >= FULL_WIDTH_FIRST && c <= FULL_WIDTH_LAST)) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === IDEOGRAPHIC_SPACE) out += ' ';
    else if (c >= FULL_WIDTH_FIRST && c <= FULL_WIDTH_LAST) out += String.fromCharCode(c - FULL_WIDTH_OFFSET);
    else out += s[i];
  }
  return out;
}

// JS `\s` covers NBSP (U+00A0), U+2000–U+200A, U+3000 and U+FEFF; zero-width spaces and joiners
// pasted from web pages are not whitespace to it but are just as invisible, so they go too.
const WHITESPACE_RUN = /\s+/g;
const ZERO_WIDTH = /[\u200b-\u200d\u2060]/g;

/**
 * A cell as the loaders compare and store it: half-width, trimmed, internal whitespace runs
 * (including NBSP and tabs/newlines) collapsed to one space, zero-width characters removed;
 * empty becomes null.
 * @example normalizeCell('  淄博　某某\u00a0 有限公司 ') // '淄博 某某 有限公司'
 * @example normalizeCell(' \u3000 ') // null
 */
export function normalizeCell(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const out = toHalfWidth(s).replace(ZERO_WIDTH, '').replace(WHITESPACE_RUN, ' ').trim();
  return out === '' ? null : out;
}

const ALL_WHITESPACE = /[\s\u200b-\u200d\u2060]+/g;
const OPEN_BRACKETS = /[【〔\[]/g;
const CLOSE_BRACKETS = /[】〕\]]/g;
const UPPER_ASCII = /[A-Z]+/g;

/**
 * A column header reduced to the form used to match it against a source definition:
 * half-width, all whitespace removed, （）【】〔〕[] unified to (), ASCII lower-cased, and the
 * '*' / '＊' markers of required columns dropped from either end.
 * @example normalizeHeader('行政相对人代码_1（统一社会信用代码）＊') // '行政相对人代码_1(统一社会信用代码)'
 * @example normalizeHeader(' XK_XDR_MC 【必填】') // 'xk_xdr_mc(必填)'
 */
export function normalizeHeader(s: string): string {
  let out = toHalfWidth(s)
    .replace(ALL_WHITESPACE, '')
    .replace(OPEN_BRACKETS, '(')
    .replace(CLOSE_BRACKETS, ')')
    .replace(UPPER_ASCII, (m) => m.toLowerCase());
  let start = 0;
  let end = out.length;
  while (start < end && out.charCodeAt(start) === 0x2a) start++;
  while (end > start && out.charCodeAt(end - 1) === 0x2a) end--;
  if (start > 0 || end < out.length) out = out.slice(start, end);
  return out;
}
