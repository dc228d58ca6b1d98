import { describe, expect, it } from 'vitest';
import { describeFileProblem, type FileProblem } from './file-problems.ts';

const names: Record<string, [string, string]> = { licence: ['行政许可', 'Licences'], penalty: ['行政处罚', 'Penalties'] };

describe('describeFileProblem', () => {
  it('words a refused file in either language, naming the types involved', () => {
    const p: FileProblem = { code: 'other_source', sourceType: 'penalty', fits: 'licence', matched: 9, own: 3 };
    expect(describeFileProblem(p, 'zh', (id) => names[id]![0])).toBe('文件的表头更像「行政许可」（9 列对得上），而不是所选的「行政处罚」（3 列）：请确认所选数据类型。文件未入库。');
    expect(describeFileProblem(p, 'en', (id) => names[id]![1])).toBe('The header fits "Licences" (9 columns) better than the chosen "Penalties" (3 columns): check the data type. Nothing was loaded.');
    expect(describeFileProblem({ code: 'no_header', sourceType: 'licence', minColumns: 4 }, 'zh', (id) => names[id]![0])).toContain('找不到「行政许可」的表头（至少要有 4 个标准列名）');
  });

  it('has Chinese and English for every code, and none left in English on the Chinese page', () => {
    const all: FileProblem[] = [
      { code: 'file_empty' }, { code: 'file_binary' }, { code: 'workbook_password' }, { code: 'not_workbook' }, { code: 'workbook_damaged' },
      { code: 'no_header', sourceType: 'licence', minColumns: 4 }, { code: 'other_source', sourceType: 'penalty', fits: 'licence', matched: 9, own: 3 },
      { code: 'no_source_type' }, { code: 'not_street_type', sourceType: 'licence' },
    ];
    for (const p of all) {
      const zh = describeFileProblem(p, 'zh', (id) => names[id]![0]);
      const en = describeFileProblem(p, 'en', (id) => names[id]![1]);
      expect(zh, p.code).toMatch(/[\u4e00-\u9fff]/);
      expect(zh.replace(/Excel|CSV|JSON Lines|Parquet|Word|PowerPoint|\.xlsx|\.xls/g, ''), p.code).not.toMatch(/[A-Za-z]{3,}/);
      expect(en, p.code).toMatch(/^[A-Z]/);
      expect(en, p.code).not.toBe(zh);
    }
  });
});
