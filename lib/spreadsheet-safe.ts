/**
 * Neutralises spreadsheet formula injection (CSV/Excel injection, OWASP): a text cell that a
 * spreadsheet could read as a formula gets a leading apostrophe. Pure, no I/O.
 */

const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '|', '%']);

/**
 * @example safeCell('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 * @example safeCell('-0.5') // "'-0.5" (a text cell that looks like a formula stays text)
 */
export function safeCell(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return value ?? null;
  return TRIGGERS.has(value[0]!) ? `'${value}` : value;
}
