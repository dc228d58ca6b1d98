/** 纳税信用等级: the tax authority's yearly A/B/M/C/D grade of a taxpayer (a credit record). */
import type { SourceType } from './source-type.ts';

export const TAX_GRADES = ['A', 'B', 'M', 'C', 'D'] as const;

export const taxGrade: SourceType = {
  id: 'tax-grade',
  nameZh: '纳税信用等级',
  nameEn: 'Tax credit grades',
  table: 'core.tax_grade',
  naturalKey: ['uscc', 'tax_year'],
  minHeaderMatches: 3,
  creditRecord: { dateField: 'assessed_on', usccField: 'uscc' },
  fields: [
    { name: 'subject_name', headerZh: '纳税人名称', type: 'text', required: true, aliases: ['企业名称', '主体名称'] },
    { name: 'uscc', headerZh: '纳税人识别号', type: 'uscc', required: true, aliases: ['统一社会信用代码', '社会信用代码'] },
    { name: 'tax_year', headerZh: '评价年度', type: 'count', required: true, aliases: ['评定年度', '年度'] },
    { name: 'grade', headerZh: '纳税信用级别', type: 'enum', required: true, values: TAX_GRADES, valueAliases: { A级: 'A', B级: 'B', M级: 'M', C级: 'C', D级: 'D' }, aliases: ['信用级别', '纳税信用等级', '评价结果'] },
    { name: 'assessed_on', headerZh: '评价日期', type: 'date', required: true, notFuture: true, aliases: ['评定日期', '发布日期'] },
    { name: 'tax_office', headerZh: '主管税务机关', type: 'text', aliases: ['税务机关', '评价机关'] },
  ],
  rules: [],
};
