// One stored report: its frozen content as a document, its files, and the other versions of the
// same period.
import { apiUrl, getJson } from '$lib/api/client';
import type { ReportDocument, ReportListing } from '$lib/reports/types';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params }) => {
  const { report } = await getJson<{ report: ReportListing & ReportDocument & { newestBatch: number | null } }>(fetch, apiUrl(`reports/${params.id}`));
  const { reports } = await getJson<{ reports: ReportListing[] }>(fetch, apiUrl('reports', { kind: report.kind }));
  return { report, versions: reports.filter((x) => x.periodStart === report.periodStart) };
};
