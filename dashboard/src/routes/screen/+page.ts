// Big screen (大屏): the city's headline indicators and the district ranking of the month, for a
// wall display. The page reloads its data every minute (see +page.svelte).
import { error } from '@sveltejs/kit';
import { getRanking, getScorecard } from '$lib/api/client';
import { ownEntity } from '$lib/scorecards/load-scorecard-page';
import type { PageLoad } from './$types';

/** The indicators the screen shows first, when computed for the entity. */
const HEADLINE = ['enterprise-coverage', 'record-volume', 'double-publicity-on-time', 'double-publicity-compliance', 'graded-supervision-enterprise', 'credit-check-uses', 'task-on-time', 'merchant-red-share'];

export const load: PageLoad = async ({ fetch, parent, depends }) => {
  depends('xinyong:screen');
  const { meta, metaError, user } = await parent();
  if (!meta) error(metaError?.status ?? 503, { message: metaError?.message ?? 'API /api/meta unavailable' });
  const own = ownEntity(user, meta);
  const scorecard = await getScorecard(fetch, { entityType: own.type, entityId: own.id, period: 'month', series: 12 });
  const headline = [
    ...HEADLINE.map((id) => scorecard.indicators.find((i) => i.id === id)).filter((i) => i !== undefined),
    ...scorecard.indicators.filter((i) => !HEADLINE.includes(i.id) && i.value !== null),
  ].slice(0, 8);
  const ranking = own.type === 'city'
    ? await getRanking(fetch, { indicator: 'double-publicity-on-time', entityType: 'district', period: 'month' }).catch(() => null)
    : null;
  return { scorecard, headline, ranking, loadedAt: new Date().toISOString() };
};
