/**
 * 信用核查 / 联合奖惩 query log of government service halls: each query counts toward the
 * "credit check and joint reward-punishment uses" indicator (Zibo plan 表1: 100万人次 by 2022,
 * 200万人次 by 2025). A natural person queried is kept only as keyed hash + masked form.
 */
import type { SourceType } from './source-type.ts';

export const MEASURES = ['守信激励', '失信惩戒', '无记录', '提示', '其他'] as const;

export const creditCheck: SourceType = {
  id: 'credit-check',
  nameZh: '信用核查与联合奖惩应用记录',
  nameEn: 'Credit checks and joint reward-punishment log',
  table: 'core.credit_check',
  naturalKey: ['log_id'],
  minHeaderMatches: 3,
  eventDate: 'queried_on',
  fields: [
    { name: 'log_id', headerZh: '查询编号', type: 'text', required: true, aliases: ['记录编号', '流水号', '日志编号'] },
    { name: 'queried_on', headerZh: '查询时间', type: 'date', required: true, notFuture: true, aliases: ['查询日期', '核查时间', '核查日期'] },
    { name: 'hall', headerZh: '服务大厅', type: 'text', aliases: ['办事大厅', '政务服务大厅', '查询地点'] },
    { name: 'district_code', headerZh: '所属区县', type: 'area', areaLevel: 'district', aliases: ['区县', '所属区域'] },
    { name: 'querying_unit', headerZh: '查询部门', type: 'text', required: true, aliases: ['查询单位', '应用部门'] },
    { name: 'matter', headerZh: '办理事项', type: 'text', aliases: ['业务事项', '应用事项'] },
    { name: 'subject_name', headerZh: '主体名称', type: 'text', aliases: ['查询对象', '相对人名称'] },
    { name: 'uscc', headerZh: '统一社会信用代码', type: 'uscc', aliases: ['社会信用代码'] },
    { name: 'id_number', headerZh: '身份证号码', type: 'id_number', aliases: ['证件号码'] },
    {
      name: 'measure', headerZh: '应用措施', type: 'enum', values: MEASURES,
      valueAliases: { 激励: '守信激励', 惩戒: '失信惩戒', 无: '无记录', 未查询到记录: '无记录' },
      aliases: ['奖惩措施', '核查结果'],
    },
  ],
  rules: [],
};
