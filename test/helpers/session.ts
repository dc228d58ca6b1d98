/**
 * Signed-in HTTP clients for tests: a user of the role is created in the warehouse, signs in
 * through the real login route, and its requests carry the session cookie and CSRF token.
 */
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../api/auth/passwords.ts';
import type { Warehouse } from '../../warehouse/connection.ts';
import { createUser, type Role } from '../../warehouse/repositories/accounts.ts';

export interface Client {
  username: string;
  password: string;
  cookie: string;
  csrfToken: string;
  get(url: string): Promise<{ status: number; body: any }>;
  send(method: string, url: string, body?: unknown, opts?: { csrf?: boolean }): Promise<{ status: number; body: any }>;
}

export const TEST_PASSWORD = 'test-password-2026';

/** Cookies a response sets, as one Cookie header value (merged over `prior`). */
export function cookiesOf(res: Response, prior = ''): string {
  const jar = new Map(prior.split('; ').filter(Boolean).map((c) => [c.split('=')[0]!, c] as const));
  for (const c of res.headers.getSetCookie()) {
    const pair = c.split(';')[0]!;
    jar.set(pair.split('=')[0]!, pair);
  }
  return [...jar.values()].join('; ');
}

/** Signs in an existing user and returns a client acting as it. */
export async function signInAs(base: string, username: string, password = TEST_PASSWORD): Promise<Client> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = cookiesOf(res);
  const call = async (method: string, url: string, body?: unknown, opts: { csrf?: boolean } = {}) => {
    const headers: Record<string, string> = { cookie };
    if (opts.csrf !== false && method !== 'GET') headers['x-csrf-token'] = csrfToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(base + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (an Excel file): the raw text
    }
    return { status: r.status, body: parsed as any };
  };
  return { username, password, cookie, csrfToken, get: (url) => call('GET', url), send: call };
}

/** Creates a user of `role` (bound to a department or street when given) and signs it in. */
export async function signIn(base: string, wh: Warehouse, role: Role, binding: { departmentId?: string; streetCode?: string } = {}): Promise<Client> {
  const username = `${role}-${randomBytes(4).toString('hex')}`;
  await createUser(wh, {
    username, displayName: `${role} (test)`, role, departmentId: binding.departmentId ?? null, streetCode: binding.streetCode ?? null,
    passwordHash: await hashPassword(TEST_PASSWORD),
  });
  return signInAs(base, username);
}
