// Ambient types for SvelteKit (locals, page data, platform).
import type { IncomingMessage } from 'node:http';
import type { Lang } from '$lib/i18n';
import type { SessionUser } from '$lib/api/types';

declare global {
  namespace App {
    interface Error {
      message: string;
      /** Machine-readable code from the API's `{ error, message }` body, when there was one. */
      code?: string;
    }
    interface Locals {
      lang: Lang;
      /** The signed-in user (null on the sign-in page before signing in). */
      user: SessionUser | null;
      /** The session's CSRF token, sent with every state change. */
      csrfToken: string | null;
    }
    interface Platform {
      /** Set by adapter-node: the raw Node request that reached build/handler.js. */
      req?: IncomingMessage;
    }
  }
}

export {};
