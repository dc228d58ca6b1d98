/**
 * Chinese explanations of quarantine reason codes, for the CLI, the API and the Excel export.
 * A code is `<check>` or `<check>:<column header>`. Pure, no I/O.
 */

const CHECKS: Record<string, string> = {
  missing: '必填项为空',
  date_invalid: '日期无法识别或不存在',
  date_in_future: '日期晚于报送日期',
  date_too_early: '日期早于1900年，应为录入错误',
  amount_invalid: '金额不是数字',
  amount_negative: '金额为负数',
  count_invalid: '不是非负整数',
  uscc_length: '统一社会信用代码应为18位',
  uscc_alphabet: '统一社会信用代码含不允许的字符（只用数字和大写字母，不用 I、O、S、V、Z）',
  uscc_checksum: '统一社会信用代码校验位不符，可能有字符录错',
  uscc_is_id: '填写的是身份证号码，不是统一社会信用代码（自然人请填写证件类型和证件号码）',
  id_length: '身份证号码应为18位（15位旧号码请换为18位号码）',
  id_format: '身份证号码应为17位数字加1位数字或X',
  id_birth_date: '身份证号码中的出生日期不存在或晚于报送日期',
  id_checksum: '身份证号码校验位不符，可能有数字录错',
  // Batches loaded before the fault was named (migration 028).
  uscc_invalid: '统一社会信用代码校验位错误或格式不符',
  id_invalid: '身份证号码校验位、格式或出生日期错误',
  number_format: '以数字格式保存，第15位以后的数字已丢失（如 3.70303E+17）；请将该列设为文本格式后重新导出',
  enum_invalid: '取值不在标准代码表内',
  area_unknown: '区划不在本地区划表中',
  street_not_own: '不是本街道：街道账号只能报送本街道的数据',
  extra_cells: '该行单元格多于表头列数',
  formula_error: '公式出错（如 #N/A、#REF!），不是数据；请在 Excel 中修正公式后重新导出',
  key_repeated_in_file: '同一文件中同一记录（相同标识字段）出现不同内容，以最后一行为准',
};

/**
 * @example describeReason('missing:许可决定日期') // '许可决定日期：必填项为空'
 */
export function describeReason(code: string): string {
  const i = code.indexOf(':');
  const check = i < 0 ? code : code.slice(0, i);
  const text = CHECKS[check] ?? check;
  return i < 0 ? text : `${code.slice(i + 1)}：${text}`;
}
