import { describe, expect, it } from 'vitest';
import { licence } from '../sources/licence.ts';
import { penalty } from '../sources/penalty.ts';
import { subjectLegal } from '../sources/subject-legal.ts';
import { findHeader, mapHeader } from './header-map.ts';

describe('mapHeader', () => {
  it('maps national-template headers, template codes and aliases', () => {
    const m = mapHeader(licence, ['行政相对人名称', 'XK_WSH', 'xk_xklb', '统一社会信用代码', '许可决定日期', '无关列']);
    expect(m.columns).toEqual(['subject_name', 'doc_no', 'licence_category', 'subject_uscc', 'decision_date', null]);
    expect(m.ignored).toEqual(['无关列']);
  });

  it('tolerates full-width brackets, spaces and required-field stars', () => {
    const m = mapHeader(penalty, ['＊行政相对人代码_1（统一社会信用代码）', ' 罚款金额（万元） ', '处罚决定日期*', '行政处罚 决定书文号']);
    expect(m.columns).toEqual(['subject_uscc', 'fine_amount', 'decision_date', 'doc_no']);
  });

  it('keeps the first column claiming a field and reports the repeat', () => {
    const m = mapHeader(subjectLegal, ['企业名称', '统一社会信用代码', '名称']);
    expect(m.columns).toEqual(['name', 'uscc', null]);
    expect(m.ignored).toEqual(['名称']);
  });

  it('lists required fields that have no column', () => {
    const m = mapHeader(licence, ['行政相对人名称', '行政许可决定文书号']);
    expect(m.missingRequired).toContain('许可决定日期');
    expect(m.missingRequired).not.toContain('行政相对人名称');
  });
});

describe('findHeader', () => {
  it('skips a title row and a blank row above the header', () => {
    const rows = [
      ['张店区市场监督管理局行政处罚信息（2025年第3季度）', null, null],
      [],
      ['行政相对人名称', '行政处罚决定书文号', '处罚类别', '处罚决定日期', '处罚机关', '数据来源单位'],
      ['淄博甲有限公司', '张市监罚〔2025〕1号', '警告', '2025-07-01', '淄博市张店区市场监督管理局', '淄博市张店区市场监督管理局'],
    ];
    const h = findHeader(penalty, rows);
    expect(h?.headerIndex).toBe(2);
    expect(h?.columns.slice(0, 2)).toEqual(['subject_name', 'doc_no']);
  });

  it('returns null when no row names enough fields of the source type', () => {
    expect(findHeader(licence, [['主体名称', '统一社会信用代码', '成立日期']])).toBeNull();
  });
});
