/**
 * 分级分类监管 results: a department's credit grade for a market subject, the numerator of
 * graded-supervision coverage (Zibo plan 表1). Grades: public credit A/B/C/D (GB/T 45255-2025)
 * or the 守信 / 轻微失信 / 一般失信 / 严重失信 classes of the district plans.
 */
import type { SourceType } from './source-type.ts';

export const GRADES = ['A', 'B', 'C', 'D', '守信', '轻微失信', '一般失信', '严重失信'] as const;

export const gradedSupervision: SourceType = {
  id: 'graded-supervision',
  nameZh: '分级分类监管评价结果',
  nameEn: 'Graded supervision results',
  table: 'core.graded_supervision',
  naturalKey: ['uscc', 'evaluator', 'evaluated_on'],
  minHeaderMatches: 3,
  eventDate: 'evaluated_on',
  fields: [
    { name: 'subject_name', headerZh: '主体名称', type: 'text', required: true, aliases: ['企业名称', '单位名称', '市场主体名称'] },
    { name: 'uscc', headerZh: '统一社会信用代码', type: 'uscc', required: true, aliases: ['社会信用代码'] },
    {
      name: 'grade', headerZh: '评价等级', type: 'enum', required: true, values: GRADES,
      valueAliases: { 'A级': 'A', 'B级': 'B', 'C级': 'C', 'D级': 'D', 诚信守法: '守信', 诚信: '守信', 示范守信: '守信', 失信: '一般失信' },
      aliases: ['信用等级', '分级结果', '分类等级', '评价结果'],
    },
    { name: 'domain', headerZh: '监管领域', type: 'text', aliases: ['行业领域', '评价领域', '行业'] },
    { name: 'evaluator', headerZh: '评价部门', type: 'text', required: true, aliases: ['评价单位', '评价机关'] },
    { name: 'evaluated_on', headerZh: '评价日期', type: 'date', required: true, notFuture: true, aliases: ['评价时间', '认定日期'] },
    { name: 'valid_until', headerZh: '有效期至', type: 'date', longTerm: true, aliases: ['有效期截止'] },
  ],
  rules: [],
};
