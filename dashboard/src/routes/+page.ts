// Overview: the scorecard of the user's own entity (the city for leaders and the office, its
// department or street for the others) with its rankings.
import { loadScorecardPage } from '$lib/scorecards/load-scorecard-page';
import type { PageLoad } from './$types';

export const load: PageLoad = (event) => loadScorecardPage(event, null);
