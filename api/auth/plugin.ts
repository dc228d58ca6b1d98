/**
 * Sign-in sessions and access control for every route: security headers (helmet), a server-side
 * session behind an http-only SameSite=Strict cookie, CSRF tokens on every state change, and
 * each route's declared `config.access` enforced before its handler (401 without a session, 403
 * for a role not allowed). Routes outside /api (the dashboard's pages) and the API docs are
 * public; the data they show comes through the checked API.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, RouteOptions } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { Warehouse } from '../../warehouse/connection.ts';
import { sessionUser } from '../../warehouse/repositories/accounts.ts';
import { ForbiddenError, UnauthorizedError, type Access, type Principal } from './access.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** SHA-256 of the session token (what meta.session stores), when signed in. */
    sessionTokenHash: string | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

export const SESSION_COOKIE = 'xy_session';
export const CSRF_COOKIE = 'xy_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** A session lasts a working day and a half, then the user signs in again. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Sessions looked up recently, so that a busy dashboard does not query meta.session on every
 * request. Kept a minute at most, and all dropped whenever a session ends or a user changes
 * (`forgetSessions`), so a sign-out, password change or disabling takes effect at once.
 */
const sessionCache = new Map<string, { principal: Principal; until: number }>();
const SESSION_CACHE_MS = 60_000;

export function forgetSessions(): void {
  sessionCache.clear();
}

async function principalOf(wh: Warehouse, hash: string): Promise<Principal | null> {
  const key = `${wh.file}|${hash}`;
  const hit = sessionCache.get(key);
  if (hit && hit.until > Date.now()) return hit.principal;
  const user = await sessionUser(wh, hash);
  if (!user) {
    sessionCache.delete(key);
    return null;
  }
  const principal: Principal = { id: user.id, username: user.username, displayName: user.displayName, role: user.role, departmentId: user.departmentId, streetCode: user.streetCode };
  if (sessionCache.size > 10_000) sessionCache.clear();
  sessionCache.set(key, { principal, until: Date.now() + SESSION_CACHE_MS });
  return principal;
}

export interface AuthOptions {
  wh: Warehouse;
  /** Signs the CSRF cookie and keys its tokens; stable across restarts (derived from the warehouse key). */
  secret: string;
  /** Mark cookies Secure (serve over HTTPS, or behind a proxy that does). */
  secureCookies: boolean;
}

/** One declared route, for the route × role audit. */
export interface RouteAccess {
  method: string;
  url: string;
  access: Access | undefined;
}

/**
 * Registers the auth machinery; call before any route so that every route is seen.
 * @returns the routes with their declared access, filled in as routes register.
 */
export async function registerAuth(app: FastifyInstance, opts: AuthOptions): Promise<RouteAccess[]> {
  const table: RouteAccess[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const config = (route.config ?? {}) as { access?: Access };
    // Dashboard pages and the API docs are public; everything else under /api must declare.
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) config.access ??= 'public';
    route.config = config;
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url: route.url, access: config.access });
  });

  await app.register(helmet, {
    // The dashboard's Content-Security-Policy comes from SvelteKit (svelte.config.js), which knows its inline scripts.
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie, { secret: opts.secret });
  await app.register(csrf, {
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, signed: true, secure: opts.secureCookies },
    getToken: (req) => req.headers[CSRF_HEADER] as string | undefined,
    // Tokens are bound to the session, so one taken from another session does not pass.
    getUserInfo: (req) => req.sessionTokenHash ?? '',
    csrfOpts: { hmacKey: opts.secret },
  });
  await app.register(rateLimit, { global: false });

  app.decorateRequest('principal', null);
  app.decorateRequest('sessionTokenHash', null);

  // Who is asking, then whether they may: before the body is even parsed or validated, so a
  // refused caller learns nothing about a route's parameters.
  app.addHook('onRequest', async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token && req.url.startsWith('/api/')) {
      const hash = tokenHash(token);
      const principal = await principalOf(opts.wh, hash);
      if (principal) {
        req.principal = principal;
        req.sessionTokenHash = hash;
      }
    }
    if (req.is404) return; // no route: the not-found answer, nothing to guard
    const access = req.routeOptions.config.access;
    if (access === undefined) throw new Error(`route ${req.routeOptions.url} declares no access`);
    if (access === 'public') return;
    const p = req.principal;
    if (!p) throw new UnauthorizedError('sign in first (no session, or it has expired)');
    if (!access.includes(p.role)) throw new ForbiddenError(`the ${p.role} role may not use ${req.method} ${req.routeOptions.url}`);
    if (req.method === 'GET' || req.method === 'HEAD') return;
    await new Promise<void>((resolve, reject) => app.csrfProtection(req, reply, (err?: Error) => (err ? reject(err) : resolve())));
  });
  return table;
}
