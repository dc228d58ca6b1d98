// Ambient types for SvelteKit (locals, page data, platform).
import type { IncomingMessage } from 'node:http';
import type { Lang } from '$lib/i18n';

declare global {
  namespace App {
    interface Error {
      message: string;
      /** Machine-readable code from the API's `{ error, message }` body, when there was one. */
      code?: string;
    }
    interface Locals {
      lang: Lang;
    }
    interface Platform {
      /** Set by adapter-node: the raw Node request that reached build/handler.js. */
      req?: IncomingMessage;
    }
  }
}

export {};
