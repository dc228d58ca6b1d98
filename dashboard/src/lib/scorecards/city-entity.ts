// Which city entity the overview scorecard asks for. The API contract's /api/meta does not name
// the preset's root area yet, so this falls back on GB/T 2260: a district code's first four
// digits + '00' is its prefecture-level city (370303 张店区 → 370300 淄博市).
import type { Meta, RankingRow } from '$lib/api/types';

/**
 * The city's entity id: meta.city.id when the API gives it, else the prefecture code most
 * district rows share, else null (the caller then omits entityId and lets the API default it).
 * Example: cityEntityId({ ...meta, city: undefined }, [{ entityId: '370303', … }]) → '370300'.
 */
export function cityEntityId(meta: Meta, districtRows: Pick<RankingRow, 'entityId'>[]): string | null {
  if (meta.city?.id) return meta.city.id;
  const counts = new Map<string, number>();
  for (const row of districtRows) {
    if (!/^\d{6}$/.test(row.entityId)) continue;
    const city = `${row.entityId.slice(0, 4)}00`;
    counts.set(city, (counts.get(city) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [city, count] of counts) {
    if (count > bestCount) [best, bestCount] = [city, count];
  }
  return best;
}
