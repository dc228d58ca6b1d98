// Rankings: districts, streets or departments on one indicator for one period, with movement
// against the previous period. URL state: of=district|street|department, rank=<indicator>,
// period, at, area=<district code> (streets and departments of one district; ranks stay
// city-wide). A street user sees the street rankings (DESIGN §2).
import { error, isHttpError } from '@sveltejs/kit';
import { getEntities, getIndicators, getRanking } from '$lib/api/client';
import type { PeriodType } from '$lib/api/types';
import { isIsoDate, parsePeriodType } from '$lib/time/period-nav';
import type { PageLoad } from './$types';

const KINDS = ['district', 'street', 'department'] as const;
type Kind = (typeof KINDS)[number];

export const load: PageLoad = async ({ fetch, url, parent }) => {
  const { meta, metaError, user } = await parent();
  if (!meta) error(metaError?.status ?? 503, { message: metaError?.message ?? 'API /api/meta unavailable' });
  const kinds: readonly Kind[] = user?.role === 'street' ? ['street'] : KINDS;
  const ofParam = url.searchParams.get('of') as Kind | null;
  const of: Kind = ofParam && kinds.includes(ofParam) ? ofParam : kinds[0]!;
  const periodType: PeriodType = parsePeriodType(url.searchParams.get('period'), 'month');
  const atParam = url.searchParams.get('at');
  const at = isIsoDate(atParam) ? atParam : null;
  const entities = await getEntities(fetch);
  const districts = entities.areas.filter((a) => a.level === 'district');
  const areaParam = url.searchParams.get('area');
  const area = of !== 'district' ? (districts.find((d) => d.code === areaParam) ?? null) : null;
  /** Whether an entity of the ranking lies in the chosen district. */
  const inArea = (id: string) => !area || (of === 'street'
    ? entities.areas.find((a) => a.code === id)?.parentCode === area.code
    : entities.departments.find((d) => d.id === id)?.areaCode.slice(0, 6) === area.code);
  const indicators = (await getIndicators(fetch)).filter((i) => i.grains.includes(periodType) && i.entityTypes.includes(of));
  const rankParam = url.searchParams.get('rank');
  const indicator = indicators.find((i) => i.id === rankParam) ?? indicators[0] ?? null;
  let ranking = null;
  let problem: string | null = null;
  if (indicator) {
    try {
      ranking = await getRanking(fetch, { indicator: indicator.id, entityType: of, period: periodType, at });
    } catch (e) {
      if (!isHttpError(e)) throw e;
      problem = e.body.message;
    }
  }
  const allRows = ranking?.rows.length ?? 0;
  if (ranking && area) ranking = { ...ranking, rows: ranking.rows.filter((r) => inArea(r.entityId)) };
  return { kinds, of, periodType, indicators, indicatorId: indicator?.id ?? null, ranking, problem, user, districts, area, allRows };
};
