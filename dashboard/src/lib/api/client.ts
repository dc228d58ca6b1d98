// Typed calls to the Xinyong API over relative URLs. Callers pass SvelteKit's `fetch` (from a load
// function) so the same code runs during SSR and in the browser. No caching or state here.
import { error } from '@sveltejs/kit';
import type {
  ApiErrorBody,
  Batch,
  EntityType,
  IndicatorDefinition,
  Meta,
  PeriodType,
  PlanData,
  PlanEditRecord,
  Ranking,
  Scorecard,
  SourceTypeName,
  TaskBoard,
  WeeklySheet,
  Entities,
} from './types';

type Fetch = typeof fetch;
type Query = Record<string, string | number | null | undefined>;

/** Builds `/api/<path>?<query>`, dropping empty parameters. Example: apiUrl('meta') → '/api/meta'. */
export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `/api/${path}${qs ? `?${qs}` : ''}`;
}

function isApiError(body: unknown): body is ApiErrorBody {
  return typeof body === 'object' && body !== null && 'message' in body && 'error' in body;
}

/** GETs a JSON resource; an API error becomes a SvelteKit error with the API's message. */
export async function getJson<T>(fetch: Fetch, url: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' } });
  } catch (cause) {
    error(503, { message: `API unreachable (${url}): ${(cause as Error).message}`, code: 'api_unreachable' });
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const status = response.status >= 400 && response.status < 600 ? response.status : 502;
    if (isApiError(body)) error(status, { message: body.message, code: body.error });
    error(status, { message: `API ${response.status} for ${url}`, code: 'api_error' });
  }
  if (body === null) error(502, { message: `API returned no JSON for ${url}`, code: 'api_bad_response' });
  return body as T;
}

export function getMeta(fetch: Fetch): Promise<Meta> {
  return getJson<Meta>(fetch, apiUrl('meta'));
}

export async function getIndicators(fetch: Fetch): Promise<IndicatorDefinition[]> {
  const body = await getJson<{ indicators: IndicatorDefinition[] }>(fetch, apiUrl('indicators'));
  return body.indicators;
}

export interface ScorecardQuery {
  entityType: EntityType;
  /** Omitted for the city when the API can default it to the preset's root area. */
  entityId?: string | null;
  period: PeriodType;
  at?: string | null;
  /** Periods of history in each series (the API's default is 12). */
  series?: number | null;
}

export function getScorecard(fetch: Fetch, q: ScorecardQuery): Promise<Scorecard> {
  return getJson<Scorecard>(fetch, apiUrl('scorecard', { ...q }));
}

export interface RankingQuery {
  indicator: string;
  entityType: Exclude<EntityType, 'city'>;
  period: PeriodType;
  at?: string | null;
}

export function getRanking(fetch: Fetch, q: RankingQuery): Promise<Ranking> {
  return getJson<Ranking>(fetch, apiUrl('rankings', { ...q }));
}

/** Source types by id, for naming them in the UI language. */
export async function getSourceTypes(fetch: Fetch): Promise<SourceTypeName[]> {
  const body = await getJson<{ sourceTypes: SourceTypeName[] }>(fetch, apiUrl('source-types'));
  return body.sourceTypes;
}

export async function getBatches(fetch: Fetch, limit = 50, filter: { departmentId?: string | null; sourceType?: string | null } = {}): Promise<Batch[]> {
  const body = await getJson<{ batches: Batch[] }>(fetch, apiUrl('batches', { limit, ...filter }));
  return body.batches;
}

/** The weekly scheduling sheet for the week containing `at` (default: the latest). */
export function getWeekly(fetch: Fetch, at: string | null): Promise<WeeklySheet> {
  return getJson<WeeklySheet>(fetch, apiUrl('weekly', { at }));
}

/** The preset's areas and departments (for pickers). */
export function getTasks(fetch: Fetch, q: { at?: string | null; departmentId?: string | null; streetCode?: string | null }): Promise<TaskBoard> {
  return getJson<TaskBoard>(fetch, apiUrl('tasks', { ...q }));
}

export function getEntities(fetch: Fetch): Promise<Entities> {
  return getJson<Entities>(fetch, apiUrl('entities'));
}

/**
 * Sends a state change (POST/PUT/DELETE; no body for a DELETE) with the session's CSRF token;
 * resolves to the API's answer, `{ ok: false, message, body }` on a refusal, so forms can show
 * the reason.
 */
export async function sendJson(method: 'POST' | 'PUT' | 'DELETE', url: string, body: unknown, csrfToken: string | null): Promise<{ ok: true; body: unknown } | { ok: false; status: number; message: string; body: Record<string, unknown> | null }> {
  const json = body === undefined ? {} : { 'content-type': 'application/json' };
  const res = await fetch(url, { method, headers: { ...json, accept: 'application/json', 'x-csrf-token': csrfToken ?? '' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const parsed = (await res.json().catch(() => null)) as ({ message?: string } & Record<string, unknown>) | null;
  if (!res.ok) return { ok: false, status: res.status, message: parsed?.message ?? `HTTP ${res.status}`, body: parsed };
  return { ok: true, body: parsed };
}

/** The plan data in force (office): targets, every scheme version, sub-tasks, departments. */
export function getPlan(fetch: Fetch): Promise<PlanData> {
  return getJson<PlanData>(fetch, apiUrl('plan'));
}

/** The office's edits of plan data, newest first. */
export async function getPlanEdits(fetch: Fetch): Promise<PlanEditRecord[]> {
  const body = await getJson<{ edits: PlanEditRecord[] }>(fetch, apiUrl('plan/edits'));
  return body.edits;
}
