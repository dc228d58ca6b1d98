/**
 * Why a whole file was refused, as a code a client words in its own language (the error's
 * message stays English, for the CLI and the logs). Pure, no I/O.
 */

export type FileProblem =
  | { code: 'file_empty' }
  | { code: 'file_binary' }
  | { code: 'workbook_password' }
  | { code: 'not_workbook' }
  | { code: 'workbook_damaged' }
  /** No header row naming enough of the chosen type's columns. */
  | { code: 'no_header'; sourceType: string; minColumns: number }
  /** The header fits another type better than the chosen one. */
  | { code: 'other_source'; sourceType: string; fits: string; matched: number; own: number }
  /** No type was chosen and none recognises the header. */
  | { code: 'no_source_type' }
  /** A street office sent a type only departments send. */
  | { code: 'not_street_type'; sourceType: string };

export type FileProblemCode = FileProblem['code'];

/** A source type's name in the reader's language, by id. */
type NameOf = (sourceType: string) => string;

const ZH: { [C in FileProblemCode]: (p: Extract<FileProblem, { code: C }>, name: NameOf) => string } = {
  file_empty: () => '文件是空的，没有任何内容。',
  file_binary: () => '不是可读取的表格文件：请上传 CSV、Excel（.xlsx / .xls）、Parquet 或 JSON Lines 文件。',
  workbook_password: () => '工作簿设有密码：请在 Excel 中取消密码后另存，再上传。',
  not_workbook: () => '不是 Excel 工作簿（可能是改了扩展名的 Word 或 PowerPoint 文件）。',
  workbook_damaged: () => '工作簿已损坏或不完整：请在 Excel 中打开并另存后再上传。',
  no_header: (p, name) => `文件前几行中找不到「${name(p.sourceType)}」的表头（至少要有 ${p.minColumns} 个标准列名）：请确认所选数据类型，以及表头是否使用标准模板的列名。`,
  other_source: (p, name) => `文件的表头更像「${name(p.fits)}」（${p.matched} 列对得上），而不是所选的「${name(p.sourceType)}」（${p.own} 列）：请确认所选数据类型。文件未入库。`,
  no_source_type: () => '无法从表头识别数据类型：请在“数据类型”中选择后再上传。',
  not_street_type: (p, name) => `街道账号不能报送${name(p.sourceType)}：文件按表头识别为${name(p.sourceType)}，应由主管部门报送。街道可报送的数据见下方说明。`,
};

const EN: typeof ZH = {
  file_empty: () => 'The file is empty.',
  file_binary: () => 'Not a table this desk can read: send CSV, Excel (.xlsx / .xls), Parquet or JSON Lines.',
  workbook_password: () => 'The workbook is password-protected: remove the password in Excel, save it and send it again.',
  not_workbook: () => 'Not an Excel workbook (a Word or PowerPoint file renamed?).',
  workbook_damaged: () => 'The workbook is damaged or cut off: open it in Excel, save it again and send it again.',
  no_header: (p, name) => `No header of "${name(p.sourceType)}" in the first rows (at least ${p.minColumns} of its standard column names): check the data type chosen and the header's column names.`,
  other_source: (p, name) => `The header fits "${name(p.fits)}" (${p.matched} columns) better than the chosen "${name(p.sourceType)}" (${p.own} columns): check the data type. Nothing was loaded.`,
  no_source_type: () => 'No data type recognises the header: choose the data type and send the file again.',
  not_street_type: (p, name) => `A street account cannot send ${name(p.sourceType)}: the file's header reads as ${name(p.sourceType)}, which its department sends. What a street sends is listed below.`,
};

/**
 * @example describeFileProblem({ code: 'file_empty' }, 'zh', (id) => id) // '文件是空的，没有任何内容。'
 */
export function describeFileProblem(problem: FileProblem, lang: 'zh' | 'en', name: NameOf): string {
  const say = (lang === 'en' ? EN : ZH)[problem.code] as (p: FileProblem, n: NameOf) => string;
  return say(problem, name);
}
