// Server hooks: the UI language (URL `lang` → cookie → Chinese) and the route by which load
// functions reach the API during server-side rendering. Must not render or compute anything.
import { redirect, type Handle, type HandleFetch, type RequestEvent } from '@sveltejs/kit';
import type { SessionInfo } from '$lib/api/types';
import { env } from '$env/dynamic/private';
import { htmlLang, LANG_COOKIE, LANG_PARAM, parseLang, resolveLang } from '$lib/i18n';

const ONE_YEAR = 60 * 60 * 24 * 365;

/**
 * Whether the browser reached us over TLS. Without ORIGIN / PROTOCOL_HEADER, adapter-node assumes
 * https for event.url; a Secure cookie sent over plain HTTP would be dropped by the browser.
 */
function isHttps(event: RequestEvent): boolean {
  const socket = event.platform?.req?.socket;
  if (!socket) return event.url.protocol === 'https:';
  if ('encrypted' in socket && socket.encrypted) return true;
  return event.request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

export const handle: Handle = async ({ event, resolve }) => {
  const fromUrl = parseLang(event.url.searchParams.get(LANG_PARAM));
  const lang = resolveLang(fromUrl, event.cookies.get(LANG_COOKIE));
  if (fromUrl && fromUrl !== event.cookies.get(LANG_COOKIE)) {
    event.cookies.set(LANG_COOKIE, fromUrl, {
      path: '/',
      maxAge: ONE_YEAR,
      sameSite: 'lax',
      httpOnly: false,
      secure: isHttps(event),
    });
  }
  event.locals.lang = lang;

  // Who is signed in (through the API, which owns sessions); pages need a user, except sign-in.
  const session = await currentSession(event);
  event.locals.user = session.user;
  event.locals.csrfToken = session.csrfToken;
  const path = event.url.pathname;
  // The print page is reached with a print token, not a session (Chromium prints it for the server).
  const open = path === '/login' || path.startsWith('/_app/') || path === '/favicon.ico' || path.startsWith('/api/') || path.startsWith('/print/');
  if (!session.user && !open) {
    redirect(303, `/login?next=${encodeURIComponent(path + event.url.search)}`);
  }
  return resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%xinyong.lang%', htmlLang(lang)),
  });
};

/**
 * An in-process API fetcher the host server may register, e.g. one built on Fastify's `inject`:
 * `globalThis[Symbol.for('xinyong.dashboard.apiFetch')] = (request: Request) => Promise<Response>`.
 */
const API_FETCH_KEY = Symbol.for('xinyong.dashboard.apiFetch');
type ApiFetch = (request: Request) => Promise<Response>;

/** Formats a socket address for a URL: IPv4-mapped IPv6 unwrapped, IPv6 bracketed. */
function hostForUrl(address: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4?.[1]) return v4[1];
  return address.includes(':') ? `[${address}]` : address;
}

/**
 * Where server-side `/api/*` requests go. SvelteKit would otherwise route a same-origin fetch to
 * its own router (which has no /api routes) instead of to the Fastify server that mounts it.
 * Order: XINYONG_API_ORIGIN; else the very socket the page request arrived on (the host server
 * itself, over plain HTTP); else the request's own origin (vite dev, whose proxy forwards /api).
 */
function apiOrigin(event: RequestEvent): string {
  const configured = env.XINYONG_API_ORIGIN?.trim();
  if (configured) return configured.replace(/\/+$/, '');
  const socket = event.platform?.req?.socket;
  if (socket?.localAddress && socket.localPort) {
    const scheme = 'encrypted' in socket && socket.encrypted ? 'https' : 'http';
    return `${scheme}://${hostForUrl(socket.localAddress)}:${socket.localPort}`;
  }
  return event.url.origin;
}

const FORWARDED_HEADERS = ['cookie', 'authorization', 'accept-language', 'x-request-id'];

export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
  const url = new URL(request.url);
  if (url.origin !== event.url.origin || !url.pathname.startsWith('/api/')) return fetch(request);

  const headers = new Headers(request.headers);
  headers.delete('host');
  for (const name of FORWARDED_HEADERS) {
    const value = event.request.headers.get(name);
    if (value && !headers.has(name)) headers.set(name, value);
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const upstream = new Request(new URL(url.pathname + url.search, apiOrigin(event)), {
    method: request.method,
    headers,
    body: hasBody ? await request.arrayBuffer() : undefined,
    redirect: 'manual',
    signal: request.signal,
  });

  const injected = (globalThis as Record<symbol, unknown>)[API_FETCH_KEY];
  if (typeof injected === 'function') return (injected as ApiFetch)(upstream);
  return globalThis.fetch(upstream);
};

/** The session of the request's cookie, or none (also when the API cannot be reached). */
async function currentSession(event: RequestEvent): Promise<Pick<SessionInfo, 'user' | 'csrfToken'>> {
  if (!event.request.headers.get('cookie')?.includes('xy_session=')) return { user: null, csrfToken: null };
  try {
    const res = await event.fetch('/api/auth/session', { headers: { accept: 'application/json' } });
    if (!res.ok) return { user: null, csrfToken: null };
    const body = (await res.json()) as SessionInfo;
    return { user: body.user, csrfToken: body.csrfToken };
  } catch {
    return { user: null, csrfToken: null };
  }
}
