/**
 * 行政处罚 (administrative penalty) in the national 双公示 template, v2 (`CF_*` codes).
 * Penalty kinds per 行政处罚法 (2021) art. 9; amounts are in 万元 as the template says.
 */
import type { SourceType } from './source-type.ts';
import { reportedDateField, subjectFields, subjectRules } from './subject-block.ts';

export const PENALTY_TYPES = [
  '警告', '通报批评', '罚款', '没收违法所得', '没收非法财物', '暂扣许可证件', '降低资质等级',
  '吊销许可证件', '限制开展生产经营活动', '责令停产停业', '责令关闭', '限制从业', '行政拘留', '其他',
] as const;

export const penalty: SourceType = {
  id: 'penalty',
  nameZh: '行政处罚',
  nameEn: 'Administrative penalty',
  table: 'core.penalty',
  naturalKey: ['doc_no', 'source_unit_uscc'],
  minHeaderMatches: 5,
  creditRecord: { dateField: 'decision_date', usccField: 'subject_uscc', idField: 'subject_id' },
  fields: [
    ...subjectFields('CF'),
    { name: 'doc_no', headerZh: '行政处罚决定书文号', code: 'CF_WSH', type: 'text', docNumber: true, required: true, aliases: ['处罚决定书文号', '决定书文号', '行政处罚决定文书号'] },
    { name: 'violation_type', headerZh: '违法行为类型', code: 'CF_WFXW', type: 'text' },
    { name: 'violation_facts', headerZh: '违法事实', code: 'CF_SY', type: 'text', aliases: ['主要违法事实'] },
    { name: 'legal_basis', headerZh: '处罚依据', code: 'CF_YJ', type: 'text' },
    {
      name: 'penalty_types', headerZh: '处罚类别', code: 'CF_CFLB', type: 'enum_multi', required: true, values: PENALTY_TYPES,
      // The older template's one kind 没收违法所得、没收非法财物 is split at 、 into the two kinds it names.
      valueAliases: { 吊销许可证: '吊销许可证件', 暂扣许可证: '暂扣许可证件' },
      aliases: ['处罚种类', '行政处罚类别'],
    },
    { name: 'content', headerZh: '处罚内容', code: 'CF_NR', type: 'text', aliases: ['处罚结果'] },
    { name: 'fine_amount', headerZh: '罚款金额(万元)', code: 'CF_NR_FK', type: 'amount', aliases: ['罚款金额'] },
    { name: 'confiscated_amount', headerZh: '没收违法所得、没收非法财物的金额(万元)', code: 'CF_NR_WFFF', type: 'amount', aliases: ['没收金额(万元)', '没收违法所得金额(万元)'] },
    { name: 'suspended_licence', headerZh: '暂扣或吊销证照名称及编号', code: 'CF_NR_ZKDX', type: 'text' },
    { name: 'decision_date', headerZh: '处罚决定日期', code: 'CF_JDRQ', type: 'date', required: true, notFuture: true, aliases: ['行政处罚决定日期', '决定日期'] },
    { name: 'valid_until', headerZh: '处罚有效期', code: 'CF_YXQ', type: 'date' },
    { name: 'publicity_until', headerZh: '公示截止期', code: 'CF_GSJZQ', type: 'date', aliases: ['公示截止日期'] },
    { name: 'authority_name', headerZh: '处罚机关', code: 'CF_CFJG', type: 'text', required: true, aliases: ['处罚机关名称'] },
    { name: 'authority_uscc', headerZh: '处罚机关统一社会信用代码', code: 'CF_CFJGDM', type: 'uscc', required: true, aliases: ['处罚机关代码'] },
    { name: 'source_unit_name', headerZh: '数据来源单位', code: 'CF_SJLY', type: 'text', required: true, aliases: ['数据来源单位名称'] },
    { name: 'source_unit_uscc', headerZh: '数据来源单位统一社会信用代码', code: 'CF_SJLYDM', type: 'uscc', required: true, aliases: ['数据来源单位代码'] },
    { name: 'remark', headerZh: '备注', code: 'BZ', type: 'text' },
    reportedDateField,
  ],
  rules: [
    ...subjectRules(),
    { kind: 'required_when', id: 'fine_amount_for_fines', when: { field: 'penalty_types', contains: '罚款' }, then: 'fine_amount' },
  ],
};
