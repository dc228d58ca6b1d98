/** Parallel GB18030 decoding: the parts, read as DuckDB reads them, hold exactly the file's rows. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { gb18030ToUtf8Parts } from '../pipelines/read/transcode.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('GB18030 to UTF-8 in parts', () => {
  it('cuts at line ends, pads later parts for the skipped rows and keeps every character', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'xinyong-transcode-'));
    // Two-byte (GBK) and four-byte (GB18030 only: 𠀀, €-like symbols outside GBK) characters.
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},淄博${i % 7 === 0 ? '𠀀' : '张店'}有限公司,"备注，含逗号 ${i}"`);
    const text = ['数据报送表（标题行）', '序号,名称,备注', ...rows].join('\n') + '\n';
    const file = path.join(dir, 'gbk.csv');
    writeFileSync(file, iconv.encode(text, 'gb18030'));

    const parts = await gb18030ToUtf8Parts(file, dir, 2, 4);
    expect(parts).toHaveLength(4);
    // Each part but the first starts with two padding lines; each part ends at a line end.
    const texts = parts.map((p) => readFileSync(p, 'utf8'));
    for (const t of texts.slice(1)) expect(t.startsWith('\n\n')).toBe(true);
    for (const t of texts) expect(t.endsWith('\n')).toBe(true);
    expect(texts[0] + texts.slice(1).map((t) => t.slice(2)).join('')).toBe(text);

    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const read = await conn.runAndReadAll(`SELECT c0, c1, c2 FROM read_csv([${parts.map((p) => `'${p}'`).join(', ')}],
      delim=',', quote='"', escape='"', header=false, skip=2, auto_detect=false,
      columns={'c0': 'VARCHAR', 'c1': 'VARCHAR', 'c2': 'VARCHAR'}, strict_mode=true)`);
    expect(read.getRows().map((r) => `${r[0]},${r[1]},"${r[2]}"`)).toEqual(rows);
    conn.closeSync();
    db.closeSync();
  });

  it('pads with CRLF in a CRLF file, so that DuckDB reads every part', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'xinyong-transcode-'));
    const rows = Array.from({ length: 3000 }, (_, i) => `${i},淄博张店${i}`);
    const file = path.join(dir, 'crlf.csv');
    writeFileSync(file, iconv.encode(['标题', '序号,名称', ...rows].join('\r\n') + '\r\n', 'gb18030'));
    const parts = await gb18030ToUtf8Parts(file, dir, 2, 3);
    expect(parts).toHaveLength(3);
    for (const p of parts.slice(1)) expect(readFileSync(p, 'utf8').startsWith('\r\n\r\n')).toBe(true);
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const read = await conn.runAndReadAll(`SELECT c0 || ',' || c1 FROM read_csv([${parts.map((p) => `'${p}'`).join(', ')}],
      delim=',', quote='"', escape='"', header=false, skip=2, auto_detect=false,
      columns={'c0': 'VARCHAR', 'c1': 'VARCHAR'}, strict_mode=true)`);
    expect(read.getRows().map((r) => r[0])).toEqual(rows);
    conn.closeSync();
    db.closeSync();
  });

  it('keeps a small file whole and survives more parts than lines', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'xinyong-transcode-'));
    const file = path.join(dir, 'small.csv');
    writeFileSync(file, iconv.encode('名称\n淄博甲', 'gb18030'));
    const whole = await gb18030ToUtf8Parts(file, dir, 1);
    expect(whole.map((p) => readFileSync(p, 'utf8'))).toEqual(['名称\n淄博甲']);
    const many = await gb18030ToUtf8Parts(file, mkdtempSync(path.join(dir, 'many-')), 1, 8);
    expect(many.map((p) => readFileSync(p, 'utf8')).join('|')).toBe('名称\n|\n淄博甲');
  });
});
