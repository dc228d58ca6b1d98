import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat } from './sniff.ts';
import { XlsReader } from './xls-reader.ts';
import { WorkbookError, type SheetRow } from './xlsx-reader.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'xls-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(file: string): Promise<{ sheets: { name: string; state: string }[]; rows: Record<string, SheetRow[]> }> {
  const book = await XlsReader.open(file);
  const rows: Record<string, SheetRow[]> = {};
  for (const sheet of book.sheets) {
    rows[sheet.name] = [];
    for await (const row of book.rows(sheet)) rows[sheet.name]!.push(row);
  }
  return { sheets: book.sheets.map(({ name, state }) => ({ name, state })), rows };
}

describe('XlsReader', () => {
  it('reads an Excel 97–2003 workbook: tabs in order, hidden ones marked, cells as Excel shows them', async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['填报说明：每条记录一行']]), '填报说明');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([
      ['行政许可信息'],
      [],
      ['行政相对人名称', '证件号码', '金额', '许可决定日期', '有效'],
      ['淄博甲有限公司', 370303198001010012, 0.30000000000000004, 45731, true],
    ]), '许可');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['普通'], ['特许']]), '字典');
    wb.Workbook = { Sheets: [{}, {}, { Hidden: 1 }] };
    const file = path.join(dir, 'biff8.xls');
    writeFileSync(file, XLSX.write(wb, { bookType: 'biff8', type: 'buffer' }) as Buffer);
    expect(detectFormat(file, Buffer.from(XLSX.write(wb, { bookType: 'biff8', type: 'buffer' }) as Buffer).subarray(0, 8))).toBe('xls');

    const { sheets, rows } = await readAll(file);
    expect(sheets).toEqual([{ name: '填报说明', state: 'visible' }, { name: '许可', state: 'visible' }, { name: '字典', state: 'hidden' }]);
    expect(rows['许可']).toEqual([
      { number: 1, cells: ['行政许可信息'] },
      { number: 3, cells: ['行政相对人名称', '证件号码', '金额', '许可决定日期', '有效'] },
      { number: 4, cells: ['淄博甲有限公司', '3.7030319800101E+17', '0.3', '45731', 'TRUE'] },
    ]);
  });

  it('reads an HTML table saved as .xls in the charset it declares, codes kept as text', async () => {
    const html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><table>'
      + '<tr><td colspan="2">行政处罚信息</td></tr><tr><td>行政相对人名称</td><td>统一社会信用代码</td><td>证件号码</td></tr>'
      + '<tr><td>淄博乙有限公司</td><td>91370303MA3C000017</td><td>370303198001010012</td></tr></table></body></html>';
    const file = path.join(dir, 'export.xls');
    const bytes = iconv.encode(html, 'gbk');
    writeFileSync(file, bytes);
    expect(detectFormat(file, bytes)).toBe('xls');
    const { rows } = await readAll(file);
    expect(Object.values(rows)[0]).toEqual([
      { number: 1, cells: ['行政处罚信息'] },
      { number: 2, cells: ['行政相对人名称', '统一社会信用代码', '证件号码'] },
      { number: 3, cells: ['淄博乙有限公司', '91370303MA3C000017', '370303198001010012'] },
    ]);
  });

  it('reads the tables of an HTML export as the one sheet Excel shows, one under the other', async () => {
    // The title in a table of its own, then the data with a header merged over two rows.
    const html = '<html><body><table><tr><td>淄博市行政许可信息公示表</td></tr><tr><td>导出时间：2026-11-20</td></tr></table>'
      + '<table><tr><td rowspan="2">行政相对人名称</td><td colspan="2">行政相对人代码</td></tr><tr><td>统一社会信用代码</td><td>工商注册号</td></tr>'
      + '<tr><td>淄博乙有限公司</td><td>91370303MA3C000017</td><td></td></tr></table></body></html>';
    const file = path.join(dir, 'two-tables.xls');
    writeFileSync(file, html);
    const book = await XlsReader.open(file);
    expect(book.sheets.map((s) => s.name)).toHaveLength(1);
    const { rows } = await readAll(file);
    expect(Object.values(rows)[0]).toEqual([
      { number: 1, cells: ['淄博市行政许可信息公示表'] },
      { number: 2, cells: ['导出时间：2026-11-20'] },
      { number: 3, cells: ['行政相对人名称', '行政相对人代码'] },
      { number: 4, cells: [null, '统一社会信用代码', '工商注册号'] },
      { number: 5, cells: ['淄博乙有限公司', '91370303MA3C000017'] },
    ]);
    // The data table's merge, where Excel shows it.
    expect(await book.merges(book.sheets[0]!)).toEqual([{ col: 0, top: 3, bottom: 4 }]);
  });

  it('reads an HTML table saved as .xls in UTF-16 with a byte-order mark', async () => {
    const html = '<html><body><table><tr><td>行政相对人名称</td><td>证件号码</td></tr><tr><td>淄博丁有限公司</td><td>0370303</td></tr></table></body></html>';
    const file = path.join(dir, 'utf16.xls');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(html, 'utf16le')]);
    writeFileSync(file, bytes);
    expect(detectFormat(file, bytes)).toBe('xls');
    // The same export named .xlsx is read the same way.
    expect(detectFormat(path.join(dir, 'utf16.xlsx'), bytes)).toBe('xls');
    expect(Object.values((await readAll(file)).rows)[0]).toEqual([
      { number: 1, cells: ['行政相对人名称', '证件号码'] },
      { number: 2, cells: ['淄博丁有限公司', '0370303'] },
    ]);
  });

  it('reads character references as their characters: those GBK lacks, named ones, markup kept as text', async () => {
    const cell = '张店区&#134071;祥&#x55B9;小吃部&yen;&amp;#22188;&lt;b&gt;&#55362;&#57271;&#xD842;&#xDFB7;';
    const html = `<html><head><meta charset="gbk"></head><body><table><tr><td>行政相对人名称</td></tr><tr><td>${cell}</td></tr></table></body></html>`;
    const file = path.join(dir, 'references.xls');
    writeFileSync(file, iconv.encode(html, 'gbk'));
    expect(Object.values((await readAll(file)).rows)[0]![1]).toEqual({ number: 2, cells: ['张店区𠮷祥喹小吃部¥&#22188;<b>𠮷𠮷'] });
    // XML Spreadsheet 2003: SheetJS alone cuts &#134071; to 16 bits (ஷ).
    const xml = `<?xml version="1.0" encoding="UTF-8"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
      <Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">张店区&#134071;祥&amp;&lt;b&gt;&#55362;&#57271;</Data></Cell></Row></Table></Worksheet></Workbook>`;
    const xmlFile = path.join(dir, 'references-xml.xls');
    writeFileSync(xmlFile, xml);
    expect((await readAll(xmlFile)).rows['S']).toEqual([{ number: 1, cells: ['张店区𠮷祥&<b>𠮷'] }]);
  });

  it('shows a number in a format of zeros with its leading zeros', async () => {
    const wb = XLSX.utils.book_new();
    const ws = XLSX.utils.aoa_to_sheet([['许可编号', '金额'], [12345, 12345]]);
    ws['A2']!.z = '000000000';
    XLSX.utils.book_append_sheet(wb, ws, '许可');
    const file = path.join(dir, 'zeros.xls');
    writeFileSync(file, XLSX.write(wb, { bookType: 'biff8', type: 'buffer' }) as Buffer);
    expect((await readAll(file)).rows['许可']![1]!.cells).toEqual(['000012345', '12345']);
  });

  it('reads an XML Spreadsheet 2003 saved as .xls', async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['行政相对人名称', '金额'], ['淄博丙有限公司', 12.5]]), '处罚');
    const file = path.join(dir, 'xml2003.xls');
    writeFileSync(file, XLSX.write(wb, { bookType: 'xlml', type: 'string' }) as string);
    const { rows } = await readAll(file);
    expect(rows['处罚']).toEqual([
      { number: 1, cells: ['行政相对人名称', '金额'] },
      { number: 2, cells: ['淄博丙有限公司', '12.5'] },
    ]);
    // A cell with rich text (a word in bold, one in red) reads as its whole text.
    const text = readFileSync(file, 'utf8');
    const rich = text.replace(/(<(?:ss:)?Data ss:Type="String"[^>]*>)淄博丙有限公司/,
      '$1<B>淄博</B><Font html:Color="#FF0000">丙</Font>有限&amp;公司');
    const richFile = path.join(dir, 'xml2003-rich.xls');
    writeFileSync(richFile, rich);
    expect(rich).not.toBe(text);
    expect((await readAll(richFile)).rows['处罚']![1]).toEqual({ number: 2, cells: ['淄博丙有限&公司', '12.5'] });
    // An empty cell written as `<Data …/>` before rich text: each row keeps its own cells.
    const handWritten = '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
      + '<Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">甲</Data></Cell><Cell><Data ss:Type="String"/></Cell></Row>'
      + '<Row><Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>乙</B>丙</ss:Data></Cell></Row></Table></Worksheet></Workbook>';
    const emptyCell = path.join(dir, 'xml2003-empty-cell.xls');
    writeFileSync(emptyCell, handWritten);
    expect((await readAll(emptyCell)).rows['S']).toEqual([{ number: 1, cells: ['甲'] }, { number: 2, cells: ['乙丙'] }]);
    // Cut off, as a download that stopped: refused, not read as a shorter sheet.
    const cut = path.join(dir, 'xml2003-cut.xls');
    writeFileSync(cut, text.slice(0, text.indexOf('淄博丙')));
    await expect(XlsReader.open(cut)).rejects.toThrow('the XML Spreadsheet is cut off (it does not end with </Workbook>): save or export it again');
  });

  it('says why a damaged .xls cannot be read', async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['a']]), 'S');
    const whole = XLSX.write(wb, { bookType: 'biff8', type: 'buffer' }) as Buffer;
    const file = path.join(dir, 'damaged.xls');
    writeFileSync(file, Buffer.concat([whole.subarray(0, 512), Buffer.alloc(512, 0xff)]));
    await expect(XlsReader.open(file)).rejects.toThrow(WorkbookError);
    await expect(XlsReader.open(file)).rejects.toThrow(/^not a readable \.xls workbook: damaged, cut off or not saved by Excel \(/);
    // Cut short, as a download that stopped: said so, not in SheetJS's internal words alone.
    const big = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(big, XLSX.utils.aoa_to_sheet(Array.from({ length: 200 }, (_, i) => [`淄博${i}有限公司`, i])), 'S');
    const bytes = XLSX.write(big, { bookType: 'biff8', type: 'buffer' }) as Buffer;
    const cut = path.join(dir, 'cut.xls');
    writeFileSync(cut, bytes.subarray(0, bytes.length >> 1));
    await expect(XlsReader.open(cut)).rejects.toThrow(/^not a readable \.xls workbook: damaged, cut off or not saved by Excel \(/);
    // A Word 97 document renamed .xls: an OLE2 file without a workbook stream.
    const doc = Buffer.from(bytes);
    const name = Buffer.from('Workbook', 'utf16le');
    for (let i = doc.indexOf(name); i >= 0; i = doc.indexOf(name, i + 1)) Buffer.from('WordDocu', 'utf16le').copy(doc, i);
    const word = path.join(dir, 'word.xls');
    writeFileSync(word, doc);
    await expect(XlsReader.open(word)).rejects.toThrow('not an Excel workbook: an Office file with no workbook in it (a Word or PowerPoint document renamed .xls?)');
  });
});
