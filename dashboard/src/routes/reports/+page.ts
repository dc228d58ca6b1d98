// Reports: the published weekly sheets and bulletins the user may read (a department or street:
// those naming it), and for the office the drafts the schedule made. URL state: kind.
import { apiUrl, getJson } from '$lib/api/client';
import type { ReportListing } from '$lib/reports/types';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, depends }) => {
  depends('xinyong:reports');
  const k = url.searchParams.get('kind');
  const kind = k === 'weekly' || k === 'bulletin' ? k : null;
  const { reports } = await getJson<{ reports: ReportListing[] }>(fetch, apiUrl('reports', { kind }));
  return { reports, kind };
};
