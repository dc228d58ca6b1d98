// Language selection and message lookup. Pure: the caller decides where the language comes from
// (URL parameter `lang`, then the `lang` cookie, then Chinese).
import { en } from './en';
import { zh, type Messages } from './zh';

export type Lang = 'zh' | 'en';
export type { Messages };

export const DEFAULT_LANG: Lang = 'zh';
export const LANG_COOKIE = 'lang';
export const LANG_PARAM = 'lang';

const catalog: Record<Lang, Messages> = { zh, en };

/** Normalises a user-supplied language tag. Example: parseLang('EN') → 'en'; parseLang('fr') → null. */
export function parseLang(value: string | null | undefined): Lang | null {
  const v = value?.trim().toLowerCase();
  if (v === 'zh' || v === 'zh-cn' || v === 'zh-hans') return 'zh';
  if (v === 'en' || v === 'en-us' || v === 'en-gb') return 'en';
  return null;
}

/** The first valid choice among URL parameter and cookie, else Chinese. */
export function resolveLang(param: string | null | undefined, cookie: string | null | undefined): Lang {
  return parseLang(param) ?? parseLang(cookie) ?? DEFAULT_LANG;
}

export function messages(lang: Lang): Messages {
  return catalog[lang];
}

/** Picks the name in the UI language, falling back to the other one when it is empty. */
export function localName(item: { nameZh?: string | null; nameEn?: string | null }, lang: Lang): string {
  const primary = lang === 'en' ? item.nameEn : item.nameZh;
  const secondary = lang === 'en' ? item.nameZh : item.nameEn;
  return primary || secondary || '';
}

/** BCP 47 tag for <html lang> and Intl. */
export function htmlLang(lang: Lang): string {
  return lang === 'en' ? 'en' : 'zh-CN';
}
