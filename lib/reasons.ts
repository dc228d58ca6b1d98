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
  area_mismatch: '该街道（镇）不属于本行所填的所属区县',
  street_not_own: '不是本街道：街道账号只能报送本街道的数据',
  unit_not_own: '属于其他单位：部门账号只能报送本部门的记录（其他单位的记录由该单位报送）',
  extra_cells: '该行单元格多于表头列数',
  formula_error: '公式出错（如 #N/A、#REF!），不是数据；请在 Excel 中修正公式后重新导出',
  key_repeated_in_file: '同一文件中同一记录（相同标识字段）出现不同内容，以最后一行为准',
};

/** Every check a reason code may name. */
export const REASON_CHECKS: readonly string[] = Object.keys(CHECKS);

/** The same in English, for the dashboard's English mode (the column keeps the file's Chinese header). */
const CHECKS_EN: Record<string, string> = {
  missing: 'required, but empty',
  date_invalid: 'not a date, or no such day',
  date_in_future: 'later than the report date',
  date_too_early: 'before 1900, a typing error',
  amount_invalid: 'not a number',
  amount_negative: 'a negative amount',
  count_invalid: 'not a whole number of zero or more',
  uscc_length: 'a unified social credit code has 18 characters',
  uscc_alphabet: 'a character no unified social credit code uses (digits and capitals, never I, O, S, V, Z)',
  uscc_checksum: 'the check character does not match: a character was probably mistyped',
  uscc_is_id: 'a resident ID number, not a unified social credit code (for a person, fill in the ID type and number)',
  id_length: 'an ID number has 18 characters (replace an old 15-digit number by its 18-digit form)',
  id_format: 'an ID number is 17 digits and a digit or X',
  id_birth_date: 'the birth date in the ID number does not exist or is after the report date',
  id_checksum: 'the ID number\'s check digit does not match: a digit was probably mistyped',
  uscc_invalid: 'the unified social credit code\'s check character or format is wrong',
  id_invalid: 'the ID number\'s check digit, format or birth date is wrong',
  number_format: 'saved as a number, so the digits after the 15th are lost (3.70303E+17); format the column as text and export again',
  enum_invalid: 'not a value of the standard code list',
  area_unknown: 'not a division of this area',
  area_mismatch: 'this street (town) is not in the district the row names',
  street_not_own: 'not this street: a street account sends its own street\'s data only',
  unit_not_own: 'another unit\'s record: a department account sends its own records only (that unit sends its own)',
  extra_cells: 'more cells than the header has columns',
  formula_error: 'a broken formula (#N/A, #REF!), not data; fix the formula in Excel and export again',
  key_repeated_in_file: 'the same record (same key fields) with other content further down the file; the last row counts',
};

/**
 * @example describeReason('missing:许可决定日期') // '许可决定日期：必填项为空'
 * @example describeReason('missing:许可决定日期', 'en') // '许可决定日期: required, but empty'
 */
export function describeReason(code: string, lang: 'zh' | 'en' = 'zh'): string {
  const i = code.indexOf(':');
  const check = i < 0 ? code : code.slice(0, i);
  const text = (lang === 'en' ? CHECKS_EN : CHECKS)[check] ?? check;
  return i < 0 ? text : `${code.slice(i + 1)}${lang === 'en' ? ': ' : '：'}${text}`;
}
