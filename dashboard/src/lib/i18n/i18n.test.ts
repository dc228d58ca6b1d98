import { describe, expect, it } from 'vitest';
import { en } from './en';
import { localName, parseLang, resolveLang } from './index';
import { zh } from './zh';

function keyPaths(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keyPaths(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('i18n', () => {
  it('has the same keys in both languages', () => {
    expect(keyPaths(en).sort()).toEqual(keyPaths(zh).sort());
  });

  it('prefers the URL parameter, then the cookie, then Chinese', () => {
    expect(resolveLang('en', 'zh')).toBe('en');
    expect(resolveLang(null, 'en')).toBe('en');
    expect(resolveLang('xx', undefined)).toBe('zh');
    expect(parseLang('zh-CN')).toBe('zh');
  });

  it('falls back to the other name when one is missing', () => {
    expect(localName({ nameZh: '张店区', nameEn: '' }, 'en')).toBe('张店区');
    expect(localName({ nameZh: '张店区', nameEn: 'Zhangdian' }, 'en')).toBe('Zhangdian');
  });
});
