// Loads the preset and data freshness shown in the header of every page (once signed in). A failure here is
// reported by the page instead, so the header and error page still render.
import { isHttpError } from '@sveltejs/kit';
import { getMeta } from '$lib/api/client';
import type { Meta } from '$lib/api/types';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ data, fetch }) => {
  let meta: Meta | null = null;
  let metaError: { status: number; message: string } | null = null;
  // Signed out (the sign-in page), nothing to load.
  if (data.user) {
    try {
      meta = await getMeta(fetch);
    } catch (e) {
      if (!isHttpError(e)) throw e;
      metaError = { status: e.status, message: e.body.message };
    }
  }
  return { lang: data.lang, user: data.user, csrfToken: data.csrfToken, meta, metaError };
};
