// View state kept in the URL (period, at, ranking indicator, lang). Pure helpers that derive a
// link from the current URL, so every switch preserves the other choices.

/**
 * Returns `?query` for `url` with `changes` applied (null deletes a parameter).
 * Example: withParams(new URL('http://x/?period=week&at=2025-06-03'), { period: 'month' })
 *   → '?period=month&at=2025-06-03'.
 */
export function withParams(url: URL, changes: Record<string, string | null | undefined>): string {
  const params = new URLSearchParams(url.searchParams);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') params.delete(key);
    else params.set(key, value);
  }
  const qs = params.toString();
  return qs ? `?${qs}` : url.pathname;
}
