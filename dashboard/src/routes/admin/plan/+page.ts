// Plan administration (office): the plan data in force (targets, scheme versions, sub-tasks) and
// the history of the office's edits. Both reload after an edit (invalidate 'xinyong:plan'); the
// tab is the page's own URL state and needs no reload. The API refuses everyone else as well.
import { error } from '@sveltejs/kit';
import { getPlan, getPlanEdits } from '$lib/api/client';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, parent, depends }) => {
  depends('xinyong:plan');
  const { user } = await parent();
  if (user?.role !== 'office') error(403, { message: 'plan administration is for the credit office' });
  const [plan, edits] = await Promise.all([getPlan(fetch), getPlanEdits(fetch)]);
  return { plan, edits };
};
