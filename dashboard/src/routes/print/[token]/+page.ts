// The print page Chromium turns into a report's PDF: the report behind a short-lived print token
// (GET /api/reports/print/<token>), laid out for A4 with no application chrome.
import { getJson } from '$lib/api/client';
import type { PageLoad } from './$types';
import type { ReportDocument } from '$lib/reports/types';

export const load: PageLoad = async ({ fetch, params }) => getJson<ReportDocument>(fetch, `/api/reports/print/${params.token}`);
