/**
 * 信用承诺 and their fulfilment: a subject's signed commitment, accepted by a unit, and later
 * checked as kept or broken (Zibo plan: commitments in 25 domains; 践诺 into the credit file).
 */
import type { SourceType } from './source-type.ts';
import { subjectRef } from './subject-block.ts';

export const COMMITMENT_TYPES = ['审批替代型', '容缺受理型', '行业自律型', '信用修复型', '主动公示型'] as const;
export const FULFILMENT = ['已履约', '未履约', '履约中'] as const;

export const creditCommitment: SourceType = {
  id: 'credit-commitment',
  nameZh: '信用承诺及履约',
  nameEn: 'Credit commitments and fulfilment',
  table: 'core.credit_commitment',
  naturalKey: ['commitment_no'],
  minHeaderMatches: 4,
  creditRecord: { dateField: 'signed_on', usccField: 'uscc', idField: 'id_number' },
  fields: [
    { name: 'commitment_no', headerZh: '承诺书编号', type: 'text', required: true, aliases: ['承诺编号', '承诺书编码'] },
    ...subjectRef('承诺主体名称', ['承诺主体', '主体名称', '承诺人']),
    {
      name: 'commitment_type', headerZh: '承诺类型', type: 'enum', required: true, values: COMMITMENT_TYPES,
      valueAliases: { 告知承诺: '审批替代型', 证明事项告知承诺: '审批替代型', 审批替代: '审批替代型', 容缺受理: '容缺受理型', 行业自律: '行业自律型', 信用修复: '信用修复型', 主动型: '主动公示型', 自主公示型: '主动公示型' },
      aliases: ['承诺类别'],
    },
    { name: 'domain', headerZh: '承诺领域', type: 'text', aliases: ['行业领域', '领域'] },
    { name: 'matter', headerZh: '承诺事项', type: 'text', aliases: ['办理事项', '事项名称'] },
    { name: 'signed_on', headerZh: '承诺日期', type: 'date', required: true, notFuture: true, aliases: ['签署日期', '作出承诺日期'] },
    { name: 'accepting_unit', headerZh: '受理单位', type: 'text', required: true, aliases: ['承诺受理单位', '受理部门'] },
    {
      name: 'fulfilment', headerZh: '履约状态', type: 'enum', values: FULFILMENT,
      valueAliases: { 履约: '已履约', 践诺: '已履约', 违约: '未履约', 失信: '未履约', 未践诺: '未履约', 正常: '履约中', 待核查: '履约中' },
      aliases: ['履约情况', '践诺情况'],
    },
    { name: 'checked_on', headerZh: '核查日期', type: 'date', notFuture: true, aliases: ['履约核查日期', '核查时间'] },
  ],
  rules: [
    // A verdict on fulfilment is reached on a day.
    { kind: 'required_when', id: 'verdict_needs_check_date', when: { field: 'fulfilment', in: ['已履约', '未履约'] }, then: 'checked_on' },
  ],
};
