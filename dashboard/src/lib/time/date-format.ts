// Date display for the dashboard. Pure. Times are shown in China Standard Time whatever the
// server's or browser's zone, so server-rendered and hydrated text agree.

const TIME_ZONE = 'Asia/Shanghai';

const dateTimeFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * Formats an ISO timestamp as `YYYY-MM-DD HH:mm` in Beijing time; null or unparsable → null.
 * Example: formatDateTime('2025-06-30T10:05:00Z') → '2025-06-30 18:05'.
 */
export function formatDateTime(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const parts = Object.fromEntries(dateTimeFormat.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
