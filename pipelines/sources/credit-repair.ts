/**
 * 信用修复 and 异议 (objection) cases: received, decided and outcome, for the handling-time
 * indicators (national city credit monitoring: average credit-repair time, objection handling).
 */
import type { SourceType } from './source-type.ts';

export const CASE_KINDS = ['信用修复', '异议'] as const;
export const OUTCOMES = ['准予修复', '不予修复', '异议成立', '异议不成立', '办理中'] as const;

export const creditRepair: SourceType = {
  id: 'credit-repair',
  nameZh: '信用修复与异议办理',
  nameEn: 'Credit repair and objection cases',
  table: 'core.credit_repair',
  naturalKey: ['case_no'],
  minHeaderMatches: 3,
  eventDate: 'received_on',
  fields: [
    { name: 'case_no', headerZh: '案件编号', type: 'text', required: true, aliases: ['受理编号', '申请编号'] },
    { name: 'kind', headerZh: '案件类型', type: 'enum', required: true, values: CASE_KINDS, valueAliases: { 修复: '信用修复', 异议申诉: '异议', 异议处理: '异议' }, aliases: ['类型', '申请类型'] },
    { name: 'subject_name', headerZh: '主体名称', type: 'text', required: true, aliases: ['申请人', '申请主体'] },
    { name: 'uscc', headerZh: '统一社会信用代码', type: 'uscc', aliases: ['社会信用代码'] },
    { name: 'record_ref', headerZh: '涉及信息', type: 'text', aliases: ['涉及决定文书号', '修复事项'] },
    { name: 'received_on', headerZh: '受理日期', type: 'date', required: true, notFuture: true, aliases: ['申请日期', '受理时间'] },
    { name: 'decided_on', headerZh: '办结日期', type: 'date', notFuture: true, aliases: ['办结时间', '决定日期'] },
    {
      name: 'outcome', headerZh: '办理结果', type: 'enum', values: OUTCOMES,
      valueAliases: { 准予: '准予修复', 同意修复: '准予修复', 不予: '不予修复', 成立: '异议成立', 不成立: '异议不成立', 在办: '办理中' },
      aliases: ['结果', '处理结果'],
    },
    { name: 'handling_unit', headerZh: '办理单位', type: 'text', aliases: ['受理单位', '承办单位'] },
  ],
  rules: [
    // A decided case has a result; a result needs the day it was reached.
    { kind: 'required_when', id: 'decided_needs_date', when: { field: 'outcome', in: ['准予修复', '不予修复', '异议成立', '异议不成立'] }, then: 'decided_on' },
  ],
};
