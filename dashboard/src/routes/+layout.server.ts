// Passes the UI language chosen in hooks.server.ts and the signed-in user (with the session's
// CSRF token) to every page. Reading the `lang` parameter makes SvelteKit re-run this load when
// the language switch changes the URL.
import { LANG_PARAM } from '$lib/i18n';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => {
  url.searchParams.get(LANG_PARAM);
  return { lang: locals.lang, user: locals.user, csrfToken: locals.csrfToken };
};
