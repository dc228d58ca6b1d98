/**
 * 行政许可 (administrative licence) in the national 双公示 template, v2 (`XK_*` codes).
 * Required fields per ../shared/DOMAIN.md; the exact matrix is unverified, so it lives here.
 */
import type { SourceType } from './source-type.ts';
import { reportedDateField, subjectFields, subjectRules } from './subject-block.ts';

export const LICENCE_CATEGORIES = ['普通', '特许', '认可', '核准', '登记', '其他'] as const;

export const licence: SourceType = {
  id: 'licence',
  nameZh: '行政许可',
  nameEn: 'Administrative licence',
  table: 'core.licence',
  naturalKey: ['doc_no', 'source_unit_uscc'],
  minHeaderMatches: 5,
  creditRecord: { dateField: 'decision_date', usccField: 'subject_uscc', idField: 'subject_id' },
  fields: [
    ...subjectFields('XK'),
    { name: 'doc_name', headerZh: '行政许可决定文书名称', code: 'XK_XKWS', type: 'text', required: true, aliases: ['许可决定文书名称', '决定文书名称'] },
    { name: 'doc_no', headerZh: '行政许可决定文书号', code: 'XK_WSH', type: 'text', docNumber: true, required: true, aliases: ['许可决定文书号', '决定文书号', '许可文书号'] },
    { name: 'licence_category', headerZh: '许可类别', code: 'XK_XKLB', type: 'enum', required: true, values: LICENCE_CATEGORIES, aliases: ['行政许可类别'] },
    { name: 'certificate_name', headerZh: '许可证书名称', code: 'XK_XKZS', type: 'text' },
    { name: 'licence_no', headerZh: '许可编号', code: 'XK_XKBH', type: 'text', aliases: ['许可证编号'] },
    { name: 'content', headerZh: '许可内容', code: 'XK_NR', type: 'text', required: true, aliases: ['行政许可内容'] },
    { name: 'decision_date', headerZh: '许可决定日期', code: 'XK_JDRQ', type: 'date', required: true, notFuture: true, aliases: ['行政许可决定日期', '决定日期'] },
    { name: 'valid_from', headerZh: '有效期自', code: 'XK_YXQZ', type: 'date', aliases: ['有效期起'] },
    { name: 'valid_to', headerZh: '有效期至', code: 'XK_YXQJZ', type: 'date', longTerm: true, aliases: ['有效期止', '有效期截止'] },
    { name: 'authority_name', headerZh: '许可机关', code: 'XK_XKJG', type: 'text', required: true, aliases: ['许可机关名称'] },
    { name: 'authority_uscc', headerZh: '许可机关统一社会信用代码', code: 'XK_XKJGDM', type: 'uscc', required: true, aliases: ['许可机关代码'] },
    { name: 'status', headerZh: '当前状态', code: 'XK_ZT', type: 'enum', values: ['1', '2'], valueAliases: { 有效: '1', 无效: '2' } },
    { name: 'source_unit_name', headerZh: '数据来源单位', code: 'XK_LYDW', type: 'text', required: true, aliases: ['数据来源单位名称'] },
    { name: 'source_unit_uscc', headerZh: '数据来源单位统一社会信用代码', code: 'XK_LYDWDM', type: 'uscc', required: true, aliases: ['数据来源单位代码'] },
    { name: 'remark', headerZh: '备注', code: 'BZ', type: 'text' },
    reportedDateField,
  ],
  rules: subjectRules(),
};
