/**
 * Neutralises spreadsheet formula injection (CSV/Excel injection, OWASP): a text cell that a
 * spreadsheet could read as a formula gets a leading apostrophe. Pure, no I/O.
 */

const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '|', '%']);

/** A plain signed number (-1, +2.5): read as a formula it is only itself, so it needs no guard. */
const SIGNED_NUMBER = /^[+-]\d+(\.\d+)?$/;

/**
 * The apostrophe shows in the cell, so a department's `-1` is left as it sent it.
 * @example safeCell('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 * @example safeCell('-0.5') // '-0.5'
 */
export function safeCell(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return value ?? null;
  return TRIGGERS.has(value[0]!) && !SIGNED_NUMBER.test(value) ? `'${value}` : value;
}
