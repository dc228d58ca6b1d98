/** One pass over a file: its hash and the empty lines DuckDB's CSV reader would drop. */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyLineFrom, offsetAfterLines, scanFile } from '../pipelines/read/sniff.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'xinyong-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function scan(content: string | Buffer) {
  const file = path.join(dir, `f${n++}.csv`);
  writeFileSync(file, content);
  return scanFile(file);
}

describe('scanFile', () => {
  it('hashes the bytes', async () => {
    const text = '标题\n名称,代码\n甲,1\n';
    expect((await scan(text)).sha256).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('lists empty lines followed by content, LF and CRLF, but not those at the end', async () => {
    expect(await scan('h\n1\n\n2\n')).toMatchObject({ emptyLines: [4], more: false });
    expect(await scan('h\r\n1\r\n\r\n2\r\n')).toMatchObject({ emptyLines: [6], more: false });
    expect(await scan('h\n1\n\n\n2')).toMatchObject({ emptyLines: [4, 5] });
    expect(await scan('h\n1\n2\n\n\n\r\n')).toMatchObject({ emptyLines: [] });
    expect(await scan('h\n1\n2')).toMatchObject({ emptyLines: [] });
    expect(await scan('h\r1\r\r2\r\r')).toMatchObject({ emptyLines: [4] }); // CR line ends (old Excel for Mac)
  });

  it('finds an empty line cut by a chunk boundary (chunks are 1 MiB)', async () => {
    const mib = 1 << 20;
    const at = (prefix: number, tail: string) => Buffer.concat([Buffer.alloc(prefix, 'a'), Buffer.from(tail)]);
    expect((await scan(at(mib - 1, '\n\nb'))).emptyLines).toEqual([mib]);
    expect((await scan(at(mib - 1, '\n\r\nb'))).emptyLines).toEqual([mib]);
    expect((await scan(at(mib - 2, '\n\r\nb'))).emptyLines).toEqual([mib - 1]);
    expect((await scan(at(mib - 1, '\r\rb'))).emptyLines).toEqual([mib]);
    // Line breaks only after the cut: nothing follows them.
    expect((await scan(at(mib - 1, '\n\n\r\n'))).emptyLines).toEqual([]);
  });

  it('says there are more when it stops listing', async () => {
    const s = await scan(`h\n${'1\n\n'.repeat(1500)}2\n`);
    expect(s.emptyLines).toHaveLength(1000);
    expect(s.more).toBe(true);
    expect(emptyLineFrom(s, 1e9)).toBe(true);
  });

  it('looks for empty lines below the header only', async () => {
    const text = '标题\n\n名称,代码\n甲,1\n乙,2\n';
    const from = offsetAfterLines(Buffer.from(text), 3);
    expect(Buffer.from(text).subarray(from).toString()).toBe('甲,1\n乙,2\n');
    for (const eol of ['\r\n', '\r']) {
      const other = Buffer.from(text.replaceAll('\n', eol));
      expect(other.subarray(offsetAfterLines(other, 3)).toString()).toBe(`甲,1${eol}乙,2${eol}`);
    }
    const s = await scan(text);
    expect(s.emptyLines).toHaveLength(1);
    expect(emptyLineFrom(s, from)).toBe(false);
    expect(emptyLineFrom(await scan(`${text.replace('甲,1\n', '甲,1\n\n')}`), from)).toBe(true);
  });
});
