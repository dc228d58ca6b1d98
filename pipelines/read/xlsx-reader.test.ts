import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkbookError, XlsxReader, isDateFormat, zeroPadded, type SheetRow } from './xlsx-reader.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'xlsx-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(file: string): Promise<{ sheets: { name: string; state: string }[]; rows: Record<string, SheetRow[]> }> {
  const book = await XlsxReader.open(file);
  try {
    const rows: Record<string, SheetRow[]> = {};
    for (const sheet of book.sheets) {
      rows[sheet.name] = [];
      for await (const row of book.rows(sheet)) rows[sheet.name]!.push(row);
    }
    return { sheets: book.sheets.map(({ name, state }) => ({ name, state })), rows };
  } finally {
    book.close();
  }
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL = (type: string) => `${REL_NS}/${type}`;

/** A workbook as the .NET Open XML SDK writes it: every element under the `x:` prefix. */
function prefixedWorkbook(parts: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(parts).map(([name, xml]) => [name, strToU8(xml)])));
}

const sheetXml = (rows: string) => `<?xml version="1.0" encoding="utf-8"?><x:worksheet xmlns:x="${NS}"><x:sheetData>${rows}</x:sheetData></x:worksheet>`;

describe('XlsxReader', () => {
  it('keeps Chinese text whole where the XML stream is cut into chunks', async () => {
    // ExcelJS's streaming reader decoded each chunk alone: 63 of these 20k cells came out with U+FFFD.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('许可');
    const names = Array.from({ length: 20_000 }, (_, i) => `淄博市张店区某某有限公司第${i}分公司`);
    for (const name of names) ws.addRow([name, `行政许可决定书内容${name.length}`]);
    const file = path.join(dir, 'chinese.xlsx');
    await wb.xlsx.writeFile(file);
    const { rows } = await readAll(file);
    expect(rows['许可']!.map((r) => r.cells[0])).toEqual(names);
    expect(rows['许可']!.map((r) => r.number)).toEqual(names.map((_, i) => i + 1));
  });

  it('reads a workbook with prefixed elements, parts in any zip order, tabs in workbook order, and every kind of cell', async () => {
    const file = path.join(dir, 'sdk.xlsx');
    writeFileSync(file, prefixedWorkbook({
      // The sheets come before the workbook part that names them, and sheet2 is the first tab.
      'xl/worksheets/sheet2.xml': sheetXml(
        '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="s"><x:v>1</x:v></x:c></x:row>'
        + '<x:row r="3"><x:c r="B3" t="inlineStr"><x:is><x:t>周村区</x:t></x:is></x:c><x:c r="C3" t="s"><x:v>2</x:v></x:c></x:row>'
        // Cells and rows without a reference follow the one before.
        + '<x:row><x:c><x:v>370303198001010012</x:v></x:c><x:c><x:v>0.1</x:v></x:c><x:c><x:v>45731</x:v></x:c></x:row>'
        + '<x:row r="5"><x:c r="A5" t="b"><x:v>1</x:v></x:c><x:c r="B5" t="e"><x:v>#N/A</x:v></x:c>'
        + '<x:c r="C5" t="str"><x:f>A1&amp;"x"</x:f><x:v>张店区x</x:v></x:c><x:c r="D5" t="s"/><x:c r="E5"><x:v>-12.5</x:v></x:c></x:row>'
        // Full precision as formula results store it, shown with Excel's 15 digits; CDATA; a date cell.
        + '<x:row r="6"><x:c r="A6" t="n"><x:v>0.30000000000000004</x:v></x:c><x:c r="B6"><x:v>370303198512345678</x:v></x:c>'
        + '<x:c r="C6"><x:v>123456789012.34567</x:v></x:c><x:c r="D6" t="inlineStr"><x:is><x:t><![CDATA[a<b 淄川]]></x:t></x:is></x:c>'
        + '<x:c r="E6" t="d"><x:v>2025-03-14T00:00:00</x:v></x:c><x:c r="F6" t="b"><x:v>0</x:v></x:c></x:row><x:row r="7"/>'),
      'xl/worksheets/sheet1.xml': sheetXml('<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>说明</x:t></x:is></x:c></x:row>'),
      'xl/worksheets/sheet3.xml': sheetXml('<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>普通</x:t></x:is></x:c></x:row>'),
      'xl/worksheets/Sheet4.xml': sheetXml(''), // part names are case-insensitive
      'xl/sharedStrings.xml': `<?xml version="1.0"?><x:sst xmlns:x="${NS}">`
        + '<x:si><x:t>张店区</x:t></x:si>'
        // Rich text runs join; a phonetic reading is not part of the value; _x000D_ is a CR.
        + '<x:si><x:r><x:t>淄博</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">市 </x:t></x:r><x:rPh sb="0" eb="2"><x:t>ずいはく</x:t></x:rPh></x:si>'
        + '<x:si><x:t>第一行_x000D_\n第二行 &amp; _x005F_x</x:t></x:si></x:sst>',
      'xl/_rels/workbook.xml.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
        + `<Relationship Id="R1" Type="${REL('worksheet')}" Target="/xl/worksheets/sheet1.xml"/>`
        + `<Relationship Id="R2" Type="${REL('worksheet')}" Target="worksheets/sheet2.xml"/>`
        + `<Relationship Id="R3" Type="${REL('worksheet')}" Target="worksheets/sheet3.xml"/>`
        + `<Relationship Id="R5" Type="${REL('worksheet')}" Target="worksheets/sheet4.xml"/>`
        + `<Relationship Id="R4" Type="${REL('sharedStrings')}" Target="sharedStrings.xml"/></Relationships>`,
      '_rels/.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
        + `<Relationship Id="rId1" Type="${REL('officeDocument')}" Target="xl/workbook.xml"/></Relationships>`,
      'xl/workbook.xml': `<?xml version="1.0"?><x:workbook xmlns:x="${NS}" xmlns:r="${REL_NS}"><x:sheets>`
        + '<x:sheet name="数据" sheetId="2" r:id="R2"/><x:sheet name="填报说明" sheetId="1" r:id="R1"/>'
        + '<x:sheet name="字典" sheetId="3" state="hidden" r:id="R3"/><x:sheet name="宏" sheetId="4" state="veryHidden" r:id="R5"/></x:sheets></x:workbook>',
    }));
    const { sheets, rows } = await readAll(file);
    expect(sheets).toEqual([
      { name: '数据', state: 'visible' }, { name: '填报说明', state: 'visible' }, { name: '字典', state: 'hidden' }, { name: '宏', state: 'veryHidden' },
    ]);
    expect(rows['数据']).toEqual([
      { number: 1, cells: ['张店区', null, '淄博市 '] },
      { number: 3, cells: [null, '周村区', '第一行\r\n第二行 & _x'] },
      { number: 4, cells: ['3.7030319800101E+17', '0.1', '45731'] },
      { number: 5, cells: ['TRUE', '#N/A', '张店区x', null, '-12.5'] },
      { number: 6, cells: ['0.3', '3.70303198512346E+17', '123456789012.346', 'a<b 淄川', '2025-03-14', 'FALSE'] },
      { number: 7, cells: [] },
    ]);
    expect(rows['填报说明']).toEqual([{ number: 1, cells: ['说明'] }]);
  });

  it.each([false, true])('reads date-formatted cells as ISO dates and times (1904 date system: %s)', async (date1904) => {
    const shift = date1904 ? 1462 : 0;
    const file = path.join(dir, `dates-${date1904}.xlsx`);
    const styles = `<styleSheet xmlns="${NS}"><numFmts count="4">`
      + '<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="#,##0.00_);[Red]\\(#,##0.00\\)"/>'
      + '<numFmt numFmtId="166" formatCode="yyyy\\-mm\\-dd\\ hh:mm"/><numFmt numFmtId="167" formatCode="[h]:mm"/></numFmts>'
      + '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
      + '<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/><xf numFmtId="31"/></cellXfs></styleSheet>';
    // 45730 is 2025-03-14 in the 1900 system; the same day is 1462 less in the 1904 system.
    const cells = [[0, 45730], [1, 45730], [2, 45730], [3, 45730], [4, 45730.5], [5, 0.5], [6, 45730], [1, 99999999]]
      .map(([s, v], i) => `<c r="${String.fromCharCode(65 + i)}1" s="${s}"><v>${s === 5 || v! > 3e6 ? v : v! - shift}</v></c>`).join('')
      + '<c r="I1" s="1"><v>NaN</v></c>';
    writeFileSync(file, prefixedWorkbook({
      '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="a" Type="${REL('officeDocument')}" Target="xl/workbook.xml"/></Relationships>`,
      'xl/workbook.xml': `<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><workbookPr date1904="${date1904 ? 1 : 0}"/><sheets><sheet name="S" sheetId="1" r:id="a"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="a" Type="${REL('worksheet')}" Target="worksheets/sheet1.xml"/>`
        + `<Relationship Id="b" Type="${REL('styles')}" Target="styles.xml"/></Relationships>`,
      'xl/styles.xml': styles,
      'xl/worksheets/sheet1.xml': `<worksheet xmlns="${NS}"><sheetData><row r="1">${cells}</row></sheetData></worksheet>`,
    }));
    const { rows } = await readAll(file);
    expect(rows['S']).toEqual([{
      number: 1,
      cells: [String(45730 - shift), '2025-03-14', '2025-03-14', String(45730 - shift), '2025-03-14 12:00:00', '12:00:00', '2025-03-14', '99999999', 'NaN'],
    }]);
  });

  it('refuses a cut-off sheet rather than reading fewer rows', async () => {
    const full = sheetXml(Array.from({ length: 50 }, (_, i) => `<x:row r="${i + 1}"><x:c r="A${i + 1}"><x:v>${i}</x:v></x:c></x:row>`).join(''));
    const file = path.join(dir, 'cut.xlsx');
    writeFileSync(file, prefixedWorkbook({
      '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="a" Type="${REL('officeDocument')}" Target="xl/workbook.xml"/></Relationships>`,
      'xl/workbook.xml': `<x:workbook xmlns:x="${NS}" xmlns:r="${REL_NS}"><x:sheets><x:sheet name="S" sheetId="1" r:id="a"/></x:sheets></x:workbook>`,
      'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="a" Type="${REL('worksheet')}" Target="worksheets/sheet1.xml"/></Relationships>`,
      'xl/worksheets/sheet1.xml': full.slice(0, full.length / 2),
    }));
    const book = await XlsxReader.open(file);
    try {
      const reading = (async () => {
        for await (const _ of book.rows(book.sheets[0]!)) void _;
      })();
      await expect(reading).rejects.toThrow(WorkbookError);
      await expect(reading).rejects.toThrow(/^sheet "S" is damaged or cut off \(xl\/worksheets\/sheet1\.xml: .*\)$/);
    } finally {
      book.close();
    }
  });

  it('finds shared text without its relationship, and refuses a cell whose shared text is missing', async () => {
    const parts = (rels: string, sst: string | null) => prefixedWorkbook({
      'xl/workbook.xml': `<x:workbook xmlns:x="${NS}" xmlns:r="${REL_NS}"><x:sheets><x:sheet name="S" sheetId="1" r:id="a"/></x:sheets></x:workbook>`,
      'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="a" Type="${REL('worksheet')}" Target="worksheets/sheet1.xml"/>${rels}</Relationships>`,
      'xl/worksheets/sheet1.xml': sheetXml('<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c></x:row>'),
      ...(sst === null ? {} : { 'xl/sharedStrings.xml': `<x:sst xmlns:x="${NS}">${sst}</x:sst>` }),
    });
    const unlinked = path.join(dir, 'unlinked.xlsx');
    writeFileSync(unlinked, parts('', '<x:si><x:t>张店区</x:t></x:si><x:si><x:t><![CDATA[周村区]]></x:t></x:si>'));
    expect((await readAll(unlinked)).rows['S']).toEqual([{ number: 1, cells: ['张店区', '周村区'] }]);

    const short = path.join(dir, 'short.xlsx');
    writeFileSync(short, parts('', '<x:si><x:t>张店区</x:t></x:si>'));
    await expect(readAll(short)).rejects.toThrow('sheet "S" refers to shared text 1, but the workbook holds 1; it is damaged');

    const missing = path.join(dir, 'missing.xlsx');
    writeFileSync(missing, parts(`<Relationship Id="b" Type="${REL('sharedStrings')}" Target="sharedStrings.xml"/>`, null));
    await expect(readAll(missing)).rejects.toThrow('the workbook has no part xl/sharedStrings.xml');
  });

  it('shows a number in a format of zeros with its leading zeros, as Excel does', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('许可');
    ws.addRow(['许可编号', '金额', '件数']);
    const row = ws.addRow([12345, 12345, 2.5]);
    row.getCell(1).numFmt = '000000000';
    row.getCell(2).numFmt = '#,##0.00';
    row.getCell(3).numFmt = '000';
    const file = path.join(dir, 'zeros.xlsx');
    await wb.xlsx.writeFile(file);
    // A fraction in a format of zeros is left as General shows it (Excel would round it).
    expect((await readAll(file)).rows['许可']![1]!.cells).toEqual(['000012345', '12345', '2.5']);
    expect([zeroPadded(7, '000'), zeroPadded(1234, '00'), zeroPadded(7, '0'), zeroPadded(-7, '000'), zeroPadded(7, '0.00')]).toEqual(['007', '1234', null, null, null]);
  });

  it('says why a file is not a workbook', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('a').addRow(['x']);
    const whole = Buffer.from(await wb.xlsx.writeBuffer());
    const cut = path.join(dir, 'cut-download.xlsx');
    writeFileSync(cut, whole.subarray(0, whole.length - 200)); // a download that stopped early
    await expect(XlsxReader.open(cut)).rejects.toThrow(/^not a readable \.xlsx \(zip\) file: .*central directory/);

    const noWorkbook = path.join(dir, 'no-workbook.xlsx');
    writeFileSync(noWorkbook, zipSync({ 'word/document.xml': strToU8('<w:document/>') }));
    await expect(XlsxReader.open(noWorkbook)).rejects.toThrow('the workbook has no part xl/workbook.xml');

    // A Word document renamed .xlsx: a zip of the same kind, whose main part is a document.
    const docx = path.join(dir, 'renamed.xlsx');
    writeFileSync(docx, zipSync({
      '_rels/.rels': strToU8(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`),
      'word/document.xml': strToU8('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'),
    }));
    await expect(XlsxReader.open(docx)).rejects.toThrow('not an Excel workbook: a zip whose main part word/document.xml holds <document> (a Word document renamed?)');
  });
});

describe('isDateFormat', () => {
  it.each([
    ['yyyy"年"m"月"d"日"', true], ['m/d/yy', true], ['yyyy-mm-dd hh:mm:ss', true], ['[h]:mm:ss', true], ['h:mm AM/PM', true],
    ['[$-804]yyyy"年"m"月"', true], ['General', false], ['0.00', false], ['#,##0_);[Red](#,##0)', false], ['0.00E+00', false],
    ['"天数"0', false], ['@', false], ['0.00 "m"', false],
  ])('%s → %s', (code, date) => {
    expect(isDateFormat(code)).toBe(date);
  });
});
