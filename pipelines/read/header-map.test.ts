import { describe, expect, it } from 'vitest';
import { gradedSupervision } from '../sources/graded-supervision.ts';
import { SOURCE_TYPES } from '../sources/index.ts';
import { licence } from '../sources/licence.ts';
import { penalty } from '../sources/penalty.ts';
import type { SourceType } from '../sources/source-type.ts';
import { subjectLegal } from '../sources/subject-legal.ts';
import { subjectPerson } from '../sources/subject-person.ts';
import { betterFit, findHeader, mapHeader } from './header-map.ts';

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

  it('reads a second header row: sub-headings under merged group headings', () => {
    // As many templates lay it out: 行政相对人代码 and 法定代表人 merged over their sub-columns,
    // the other headings merged down over both rows (their text in the top cell).
    const rows = [
      ['行政处罚信息'],
      ['行政相对人名称', '行政相对人类别', '行政相对人代码', null, null, '法定代表人', null, null, '证件类型', '证件号码', '行政处罚决定书文号', '处罚类别', '处罚决定日期', '处罚机关'],
      [null, null, '统一社会信用代码', '工商注册号', '组织机构代码', '姓名', '证件类型', '证件号码', null, null, null, null, null, null],
      ['淄博甲有限公司', '法人及非法人组织', '91370303MA3C000017', null, null, '张三', '身份证', '370303198001010012', null, null, '张市监罚〔2025〕1号', '警告', '2025-07-01', '淄博市张店区市场监督管理局'],
    ];
    const h = findHeader(penalty, rows);
    expect(h?.headerIndex).toBe(2);
    expect(h?.columns).toEqual([
      'subject_name', 'subject_category', 'subject_uscc', 'subject_reg_no', 'subject_org_code',
      'legal_rep', 'legal_rep_id_type', 'legal_rep_id', 'subject_id_type', 'subject_id',
      'doc_no', 'penalty_types', 'decision_date', 'authority_name',
    ]);
    expect(h?.ignored).toEqual([]);
  });

  it("reads the template's codes under its Chinese names as a second header row", () => {
    const rows = [
      ['行政相对人名称', '行政许可决定文书号', '许可类别', '许可决定日期', '许可机关', '联系电话'],
      ['XK_XDR_MC', 'XK_WSH', 'XK_XKLB', 'XK_JDRQ', 'XK_XKJG', 'LXDH'],
      ['淄博甲有限公司', '张审批〔2025〕10号', '普通', '2025-03-10', '淄博市张店区行政审批服务局', '0533-1234567'],
    ];
    const h = findHeader(licence, rows);
    expect(h?.headerIndex).toBe(1);
    expect(h?.columns).toEqual(['subject_name', 'doc_no', 'licence_category', 'decision_date', 'authority_name', null]);
    expect(h?.ignored).toEqual(['联系电话/LXDH']);
  });

  it.each([
    ['one code under its group heading', ['行政相对人代码'], ['统一社会信用代码'], 'subject_uscc'],
    ['an alias joined with its group heading', ['法定代表人', null], ['姓名', '身份证号'], 'legal_rep_id'],
    ['a units row', ['罚款金额'], ['(万元)'], 'fine_amount'],
  ])('reads a second header row with %s', (_, top, sub, field) => {
    const rows = [
      ['行政相对人名称', '行政处罚决定书文号', '处罚类别', '处罚决定日期', '处罚机关', ...top],
      [null, null, null, null, null, ...sub],
      ['淄博甲有限公司', '张市监罚〔2025〕1号', '警告', '2025-07-01', '淄博市张店区市场监督管理局', ...sub.map(() => 'x')],
    ];
    const h = findHeader(penalty, rows);
    expect(h?.headerIndex).toBe(1);
    expect(h?.columns.at(-1)).toBe(field);
  });

  it('does not take the first data row for a second header row', () => {
    const rows = [
      ['行政相对人名称', '行政相对人类别', '统一社会信用代码', '行政许可决定文书号', '许可类别', '许可决定日期', '许可机关', '备注'],
      ['淄博甲有限公司', '法人及非法人组织', '91370303MA3C000017', '张审批〔2025〕10号', '普通', '2025-03-10', '淄博市张店区行政审批服务局', '其他'],
    ];
    expect(findHeader(licence, rows)?.headerIndex).toBe(0);
  });

  it('returns null when no row names enough fields of the source type', () => {
    expect(findHeader(licence, [['主体名称', '统一社会信用代码', '成立日期']])).toBeNull();
  });
});

describe('betterFit', () => {
  const types = Object.values(SOURCE_TYPES);
  const fit = (def: SourceType, header: string[]) => {
    const mapping = findHeader(def, [header]);
    expect(mapping, def.id).not.toBeNull();
    return betterFit(types, def, [header], mapping!);
  };

  it('names the type a file sent as another fits better, when the requested type lacks required fields', () => {
    const licenceHeader = ['行政相对人名称', '行政相对人类别', '统一社会信用代码', '行政许可决定文书名称', '行政许可决定文书号', '许可类别', '许可内容',
      '许可决定日期', '许可机关', '许可机关统一社会信用代码', '数据来源单位', '数据来源单位统一社会信用代码'];
    expect(fit(penalty, licenceHeader)).toMatchObject({ def: { id: 'licence' } });
    expect(fit(licence, licenceHeader)).toBeNull();
  });

  it('keeps a file with every required field of its type, even where another type names more of its columns', () => {
    // A natural-person registry also names 诚信之星's 姓名, 区县, 街道 and 社区.
    expect(fit(subjectPerson, ['姓名', '身份证号码', '所属区县', '所属街道', '所在社区'])).toBeNull();
    // 分级分类 results share 评价年度, 评价结果, 评价日期 and 评价机关 with 纳税信用等级.
    expect(fit(gradedSupervision, ['企业名称', '统一社会信用代码', '评价年度', '评价结果', '评价日期', '评价机关'])).toBeNull();
  });
});
