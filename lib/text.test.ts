// Unit tests for cell and header normalisation.
import { describe, it, expect } from 'vitest';
import { normalizeCell, normalizeHeader, toHalfWidth } from './text.ts';

describe('toHalfWidth', () => {
  it('maps the whole full-width ASCII block FF01–FF5E', () => {
    let full = '';
    let ascii = '';
    for (let c = 0xff01; c <= 0xff5e; c++) {
      full += String.fromCharCode(c);
      ascii += String.fromCharCode(c - 0xfee0);
    }
    expect(toHalfWidth(full)).toBe(ascii);
    expect(ascii.startsWith('!')).toBe(true);
    expect(ascii.endsWith('~')).toBe(true);
  });

  it('maps the ideographic space to a space', () => {
    expect(toHalfWidth('张店区\u3000公园街道')).toBe('张店区 公园街道');
  });

  it('keeps CJK, CJK punctuation outside the block, and ASCII', () => {
    expect(toHalfWidth('９１３７０３０３ＭＡ３Ｃ（淄博）、。【】')).toBe('91370303MA3C(淄博)、。【】');
    expect(toHalfWidth('plain ASCII 123')).toBe('plain ASCII 123');
    expect(toHalfWidth('')).toBe('');
  });

  it('leaves the neighbours of the block alone', () => {
    expect(toHalfWidth('\uff00\uff5f\uffe5')).toBe('\uff00\uff5f\uffe5');
  });
});

describe('normalizeCell', () => {
  it('trims and collapses whitespace runs, including NBSP, tabs, newlines and U+3000', () => {
    expect(normalizeCell('  淄博\u00a0\u00a0某某 \t有限公司\r\n')).toBe('淄博 某某 有限公司');
    expect(normalizeCell('a\u3000\u3000b')).toBe('a b');
    expect(normalizeCell('\ufeff91370303MA3C00001X')).toBe('91370303MA3C00001X');
  });

  it('removes zero-width characters', () => {
    expect(normalizeCell('9137\u200b0303')).toBe('91370303');
  });

  it('converts full-width characters', () => {
    expect(normalizeCell('ＸＫ２０２４－００１')).toBe('XK2024-001');
  });

  it('turns empty and blank cells into null', () => {
    expect(normalizeCell('')).toBeNull();
    expect(normalizeCell('   ')).toBeNull();
    expect(normalizeCell('\u3000\u00a0\t')).toBeNull();
    expect(normalizeCell(null)).toBeNull();
    expect(normalizeCell(undefined)).toBeNull();
  });

  it('keeps an already clean value unchanged', () => {
    expect(normalizeCell('淄博市市场监督管理局')).toBe('淄博市市场监督管理局');
  });
});

describe('normalizeHeader', () => {
  it('unifies Chinese and ASCII brackets and removes whitespace', () => {
    const expected = '行政相对人代码_1(统一社会信用代码)';
    expect(normalizeHeader('行政相对人代码_1（统一社会信用代码）')).toBe(expected);
    expect(normalizeHeader('行政相对人代码_1(统一社会信用代码)')).toBe(expected);
    expect(normalizeHeader('行政相对人代码_1【统一社会信用代码】')).toBe(expected);
    expect(normalizeHeader(' 行政相对人 代码＿1 （统一社会信用代码） ')).toBe(expected);
  });

  it('drops required markers, half- or full-width', () => {
    expect(normalizeHeader('行政相对人名称*')).toBe('行政相对人名称');
    expect(normalizeHeader('行政相对人名称＊')).toBe('行政相对人名称');
    expect(normalizeHeader('行政相对人名称 * ')).toBe('行政相对人名称');
    expect(normalizeHeader('*行政相对人名称')).toBe('行政相对人名称');
  });

  it('matches the unit-bearing penalty column in either bracket style', () => {
    expect(normalizeHeader('罚款金额（万元）*')).toBe(normalizeHeader('罚款金额 (万元)'));
  });

  it('lower-cases ASCII codes used as headers', () => {
    expect(normalizeHeader('XK_XDR_MC')).toBe('xk_xdr_mc');
    expect(normalizeHeader('ＣＦ＿ＷＳＨ')).toBe('cf_wsh');
  });

  it('is idempotent', () => {
    for (const h of ['许可决定日期*', '行政相对人代码_1（统一社会信用代码）', 'XK_YXQZ']) {
      expect(normalizeHeader(normalizeHeader(h))).toBe(normalizeHeader(h));
    }
  });
});
