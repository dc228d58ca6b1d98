// Data page: the most recent load batches (GET /api/batches; a department's own), source types
// named (GET /api/source-types), the departments to upload for (GET /api/entities), and the
// freshness of each department's sources (GET /api/data-desk/freshness), the zero reports of a
// department that owes 双公示 (GET /api/zero-reports). URL state: department
// (the office's filter), source (a source type).
import { getBatches, getEntities, getJson, getSourceTypes } from '$lib/api/client';
import type { Freshness, ZeroReportRow } from '$lib/api/types';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, depends, url, parent }) => {
  depends('xinyong:batches');
  const { user } = await parent();
  // Freshness is by department: a street office has only its own batches.
  const [sourceTypes, entities, { freshness }] = await Promise.all([
    getSourceTypes(fetch), getEntities(fetch),
    user?.role === 'street' ? { freshness: [] } : getJson<{ freshness: Freshness[] }>(fetch, '/api/data-desk/freshness'),
  ]);
  const wanted = url.searchParams.get('department');
  const department = user?.role === 'office' ? (entities.departments.find((d) => d.id === wanted)?.id ?? null) : null;
  const source = sourceTypes.find((s) => s.id === url.searchParams.get('source'))?.id ?? null;
  const batches = await getBatches(fetch, 50, { departmentId: department, sourceType: source });
  // Zero reports: a department that owes 双公示 declares its own; the office those of the department it filters by.
  // Without a department filter the office sees every department's declarations (to declare, it filters by one).
  const owner = user?.role === 'department' ? user.departmentId : user?.role === 'office' ? department : null;
  const owes = entities.departments.find((d) => d.id === owner)?.duties.includes('double-publicity') ?? false;
  const zeroReports = owner && owes
    ? { departmentId: owner as string | null, rows: (await getJson<{ zeroReports: ZeroReportRow[] }>(fetch, `/api/zero-reports?departmentId=${encodeURIComponent(owner)}`)).zeroReports }
    : user?.role === 'office' && !department
      ? { departmentId: null, rows: (await getJson<{ zeroReports: ZeroReportRow[] }>(fetch, '/api/zero-reports')).zeroReports }
      : null;
  // What the user may send and filter by: a street office only what streets report.
  const offered = user?.role === 'street' ? sourceTypes.filter((s) => s.reportedByStreets) : sourceTypes;
  return {
    batches, sourceTypes, offered, departments: entities.departments, department, source, zeroReports,
    freshness: freshness.filter((f) => (!department || f.departmentId === department) && (!source || f.sourceType === source)),
  };
};
