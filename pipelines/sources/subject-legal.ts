/**
 * 主体库: registry of legal persons and individual businesses (enterprise legal persons,
 * non-enterprise legal persons 机关/事业单位/社会组织, 个体工商户), the denominators of coverage.
 */
import type { SourceType } from './source-type.ts';

export const SUBJECT_STATUSES = ['存续', '注销', '吊销', '迁出'] as const;

export const subjectLegal: SourceType = {
  id: 'subject-legal',
  nameZh: '法人和个体工商户主体库',
  nameEn: 'Registry of legal persons and individual businesses',
  table: 'core.subject',
  naturalKey: ['uscc'],
  minHeaderMatches: 3,
  fields: [
    { name: 'name', headerZh: '主体名称', type: 'text', required: true, aliases: ['企业名称', '单位名称', '名称', '市场主体名称'] },
    { name: 'uscc', headerZh: '统一社会信用代码', type: 'uscc', required: true, aliases: ['社会信用代码', '信用代码'] },
    { name: 'registered_type', headerZh: '主体类型', type: 'text', aliases: ['企业类型', '类型'] },
    { name: 'legal_rep', headerZh: '法定代表人', type: 'text', aliases: ['负责人', '经营者', '法定代表人(负责人)'] },
    { name: 'established', headerZh: '成立日期', type: 'date', notFuture: true, aliases: ['登记日期', '设立日期'] },
    { name: 'district_code', headerZh: '所属区县', type: 'area', areaLevel: 'district', required: true, aliases: ['所属区县代码', '区县', '行政区划'] },
    { name: 'street_code', headerZh: '所属街道', type: 'area', areaLevel: 'street', aliases: ['所属镇街', '街道(镇)', '镇街', '所属街道代码'] },
    { name: 'status', headerZh: '登记状态', type: 'enum', values: SUBJECT_STATUSES, valueAliases: { 在业: '存续', 开业: '存续', '存续(在营、开业、在册)': '存续' }, aliases: ['经营状态', '状态'] },
    { name: 'authority', headerZh: '登记机关', type: 'text' },
  ],
  rules: [],
};
