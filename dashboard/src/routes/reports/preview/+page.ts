// Preview (office): a report for the period containing `at` (default: the latest ended) with live
// figures, as it would be published now. URL state: kind, at.
import { error } from '@sveltejs/kit';
import { apiUrl, getJson } from '$lib/api/client';
import type { ReportDocument } from '$lib/reports/types';
import { isIsoDate } from '$lib/time/period-nav';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, parent }) => {
  const { user } = await parent();
  if (user?.role !== 'office') error(403, { message: 'previews and publication are for the credit office; published reports are under /reports' });
  const kind = url.searchParams.get('kind') === 'weekly' ? 'weekly' : 'bulletin';
  const atParam = url.searchParams.get('at');
  const at = isIsoDate(atParam) ? atParam : null;
  const doc = await getJson<ReportDocument>(fetch, apiUrl('reports/preview', { kind, at }));
  return { kind, at, doc };
};
