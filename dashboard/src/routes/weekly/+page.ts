// Weekly scheduling (周调度): the week's loads by department, late and missing 双公示 reports,
// overdue tasks, indicators that fell behind, departments that sent nothing. URL state: at.
import { getWeekly } from '$lib/api/client';
import { isIsoDate } from '$lib/time/period-nav';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url }) => {
  const at = url.searchParams.get('at');
  return { sheet: await getWeekly(fetch, isIsoDate(at) ? at : null) };
};
