/**
 * 自然人库: residents by street, the denominator of personal-credit-score registration coverage.
 * ID numbers are replaced at load by a keyed hash and a masked form; never stored in clear.
 */
import type { SourceType } from './source-type.ts';

export const subjectPerson: SourceType = {
  id: 'subject-person',
  nameZh: '自然人主体库',
  nameEn: 'Registry of natural persons',
  table: 'core.person',
  naturalKey: ['id_number'],
  minHeaderMatches: 2,
  fields: [
    { name: 'name', headerZh: '姓名', type: 'text', required: true },
    { name: 'id_number', headerZh: '身份证号码', type: 'id_number', required: true, aliases: ['身份证号', '公民身份号码', '证件号码'] },
    { name: 'street_code', headerZh: '所属街道', type: 'area', areaLevel: 'street', required: true, aliases: ['所属镇街', '街道(镇)', '镇街'] },
  ],
  rules: [],
};
