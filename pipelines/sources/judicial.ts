/** 司法信息: court cases and a party's role in them, from the courts (a credit record). */
import { YES_NO, YES_NO_ALIASES, type SourceType } from './source-type.ts';
import { subjectRef } from './subject-block.ts';

export const CASE_TYPES = ['民事', '刑事', '行政', '执行', '破产'] as const;
export const PARTY_ROLES = ['原告', '被告', '上诉人', '被上诉人', '申请执行人', '被执行人', '第三人'] as const;

export const judicial: SourceType = {
  id: 'judicial',
  nameZh: '司法信息',
  nameEn: 'Judicial records',
  table: 'core.judicial_record',
  naturalKey: ['case_no', 'subject_name'],
  minHeaderMatches: 4,
  creditRecord: { dateField: 'decided_on', usccField: 'uscc', idField: 'id_number' },
  fields: [
    { name: 'case_no', headerZh: '案号', type: 'text', required: true, aliases: ['案件编号', '执行案号'] },
    { name: 'court', headerZh: '审理法院', type: 'text', required: true, aliases: ['法院名称', '执行法院'] },
    { name: 'case_type', headerZh: '案件类型', type: 'enum', required: true, values: CASE_TYPES, valueAliases: { 民事案件: '民事', 刑事案件: '刑事', 行政案件: '行政', 执行案件: '执行', 破产案件: '破产' }, aliases: ['案件类别'] },
    ...subjectRef('当事人名称', ['当事人', '被执行人名称', '主体名称']),
    { name: 'party_role', headerZh: '诉讼地位', type: 'enum', values: PARTY_ROLES, aliases: ['当事人类型', '诉讼身份'] },
    { name: 'filed_on', headerZh: '立案日期', type: 'date', notFuture: true, aliases: ['立案时间'] },
    { name: 'decided_on', headerZh: '结案日期', type: 'date', required: true, notFuture: true, aliases: ['裁判日期', '判决日期', '结案时间'] },
    { name: 'amount', headerZh: '标的金额(万元)', type: 'amount', aliases: ['标的金额', '执行标的(万元)', '执行标的'] },
    { name: 'dishonest', headerZh: '是否失信被执行人', type: 'enum', values: YES_NO, valueAliases: YES_NO_ALIASES, aliases: ['失信被执行人'] },
  ],
  rules: [],
};
