/**
 * The subject (行政相对人) block shared by the 双公示 licence and penalty templates.
 * `prefix` is the template's code prefix: XK for licences, CF for penalties.
 */
import type { FieldDef, RequiredWhenRule } from './source-type.ts';

export const SUBJECT_CATEGORIES = ['法人及非法人组织', '自然人', '个体工商户'] as const;

export const ID_TYPES = [
  '身份证',
  '护照号',
  '港澳居民来往内地通行证',
  '台湾居民来往大陆通行证',
  '外国人永久居留身份证',
  '其他',
] as const;

const idTypeAliases: Record<string, string> = {
  居民身份证: '身份证',
  身份证号: '身份证',
  护照: '护照号',
};

export function subjectFields(prefix: 'XK' | 'CF'): FieldDef[] {
  return [
    { name: 'subject_name', headerZh: '行政相对人名称', code: `${prefix}_XDR_MC`, type: 'text', required: true, aliases: ['相对人名称', '当事人名称'] },
    {
      name: 'subject_category', headerZh: '行政相对人类别', code: `${prefix}_XDR_LB`, type: 'enum', required: true,
      values: SUBJECT_CATEGORIES,
      valueAliases: { 法人: '法人及非法人组织', 法人及其他组织: '法人及非法人组织', 非法人组织: '法人及非法人组织', 个人: '自然人', 个体户: '个体工商户' },
      aliases: ['相对人类别', '当事人类别'],
    },
    {
      name: 'subject_uscc', headerZh: '行政相对人代码_1(统一社会信用代码)', code: `${prefix}_XDR_SHXYM`, type: 'uscc', placeholder: true,
      aliases: ['统一社会信用代码', '行政相对人代码_1', '社会信用代码', '相对人统一社会信用代码'],
    },
    { name: 'subject_reg_no', headerZh: '行政相对人代码_2(工商注册号)', code: `${prefix}_XDR_GSZC`, type: 'text', aliases: ['工商注册号', '行政相对人代码_2'] },
    { name: 'subject_org_code', headerZh: '行政相对人代码_3(组织机构代码)', code: `${prefix}_XDR_ZZJG`, type: 'text', aliases: ['组织机构代码', '行政相对人代码_3'] },
    { name: 'subject_tax_no', headerZh: '行政相对人代码_4(税务登记号)', code: `${prefix}_XDR_SWDJ`, type: 'text', aliases: ['税务登记号', '行政相对人代码_4'] },
    { name: 'subject_institution_no', headerZh: '行政相对人代码_5(事业单位证书号)', code: `${prefix}_XDR_SYDW`, type: 'text', aliases: ['事业单位证书号', '行政相对人代码_5'] },
    { name: 'subject_social_org_no', headerZh: '行政相对人代码_6(社会组织登记证号)', code: `${prefix}_XDR_SHZZ`, type: 'text', aliases: ['社会组织登记证号', '行政相对人代码_6'] },
    { name: 'legal_rep', headerZh: '法定代表人', code: `${prefix}_FRDB`, type: 'text', aliases: ['法定代表人(负责人)', '负责人'] },
    { name: 'legal_rep_id_type', headerZh: '法定代表人证件类型', code: `${prefix}_FR_ZJLX`, type: 'enum', values: ID_TYPES, valueAliases: idTypeAliases, otherPrefix: '其他-' },
    { name: 'legal_rep_id', headerZh: '法定代表人证件号码', code: `${prefix}_FR_ZJHM`, type: 'id_number', idTypeField: 'legal_rep_id_type', aliases: ['法定代表人身份证号'] },
    { name: 'subject_id_type', headerZh: '证件类型', code: `${prefix}_XDR_ZJLX`, type: 'enum', values: ID_TYPES, valueAliases: idTypeAliases, otherPrefix: '其他-', aliases: ['相对人证件类型'] },
    { name: 'subject_id', headerZh: '证件号码', code: `${prefix}_XDR_ZJHM`, type: 'id_number', idTypeField: 'subject_id_type', aliases: ['相对人证件号码', '身份证号码'] },
  ];
}

export const USCC_PLACEHOLDER_RULE_FIELD = 'subject_uscc';

export function subjectRules(): RequiredWhenRule[] {
  return [
    { kind: 'required_when', id: 'uscc_for_organisations', when: { field: 'subject_category', in: ['法人及非法人组织', '个体工商户'] }, then: 'subject_uscc' },
    // An individual business without a code writes the placeholder; then the registration number is required.
    { kind: 'required_when', id: 'reg_no_for_placeholder', when: { field: 'subject_uscc', equals: '00000000000000000X' }, then: 'subject_reg_no' },
    { kind: 'required_when', id: 'id_for_persons', when: { field: 'subject_category', in: ['自然人'] }, then: 'subject_id' },
    { kind: 'required_when', id: 'id_type_for_persons', when: { field: 'subject_category', in: ['自然人'] }, then: 'subject_id_type' },
  ];
}

/**
 * Per-record report date, present in exports from the provincial 双公示 platform. When absent,
 * a record counts as reported on its batch's report date.
 */
export const reportedDateField: FieldDef = {
  name: 'reported_date', headerZh: '上报日期', type: 'date', notFuture: true,
  aliases: ['报送日期', '上报时间', '报送时间', '入库时间'],
};

/**
 * The subject a non-template record is about: a name, and a USCC for organisations or an ID
 * number for natural persons (stored as keyed hash + mask).
 */
export function subjectRef(nameHeader = '主体名称', nameAliases: string[] = ['企业名称', '单位名称', '姓名']): FieldDef[] {
  return [
    { name: 'subject_name', headerZh: nameHeader, type: 'text', required: true, aliases: nameAliases },
    { name: 'uscc', headerZh: '统一社会信用代码', type: 'uscc', aliases: ['社会信用代码', '统一代码'] },
    { name: 'id_number', headerZh: '身份证号码', type: 'id_number', aliases: ['身份证号', '证件号码'] },
  ];
}
