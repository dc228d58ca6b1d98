/**
 * 社保、公积金、水电气缴费: a subject's payment standing for one account and month, sent by the
 * social-insurance and housing-fund centres and the utilities (a credit record).
 */
import type { SourceType } from './source-type.ts';
import { subjectRef } from './subject-block.ts';

export const PAYMENT_KINDS = ['社会保险', '住房公积金', '水费', '电费', '燃气费'] as const;
export const PAYMENT_STATUS = ['正常缴纳', '欠缴'] as const;

export const payment: SourceType = {
  id: 'payment',
  nameZh: '社保公积金及水电气缴费记录',
  nameEn: 'Social insurance, housing fund and utility payments',
  table: 'core.payment_record',
  naturalKey: ['kind', 'account_no', 'billing_month'],
  minHeaderMatches: 4,
  creditRecord: { dateField: 'billing_month', usccField: 'uscc', idField: 'id_number' },
  fields: [
    {
      name: 'kind', headerZh: '缴费类型', type: 'enum', required: true, values: PAYMENT_KINDS,
      valueAliases: { 社保: '社会保险', 公积金: '住房公积金', 供水: '水费', 自来水: '水费', 供电: '电费', 燃气: '燃气费', 天然气: '燃气费' },
      aliases: ['费用类型', '险种/费种', '缴费项目'],
    },
    { name: 'account_no', headerZh: '缴费账号', type: 'text', required: true, aliases: ['户号', '单位账号', '缴费户号'] },
    ...subjectRef('缴费主体名称', ['户名', '单位名称', '主体名称']),
    { name: 'billing_month', headerZh: '所属期', type: 'month', required: true, notFuture: true, aliases: ['费款所属期', '账期', '缴费月份'] },
    {
      name: 'status', headerZh: '缴费状态', type: 'enum', required: true, values: PAYMENT_STATUS,
      valueAliases: { 正常: '正常缴纳', 已缴: '正常缴纳', 已缴费: '正常缴纳', 拖欠: '欠缴', 欠费: '欠缴', 未缴: '欠缴' },
      aliases: ['缴纳状态', '缴费情况'],
    },
    { name: 'amount_due', headerZh: '应缴金额(元)', type: 'amount', aliases: ['应缴金额', '应缴费额'] },
    { name: 'amount_overdue', headerZh: '欠缴金额(元)', type: 'amount', aliases: ['欠缴金额', '欠费金额'] },
  ],
  rules: [
    { kind: 'required_when', id: 'overdue_needs_amount', when: { field: 'status', in: ['欠缴'] }, then: 'amount_overdue' },
  ],
};
