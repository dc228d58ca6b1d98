import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../warehouse/preset/load-preset.ts';
import { departmentShortZh, indicatorNameZh, unitsZh } from './bulletin.ts';

describe('names in the bulletin', () => {
  it('tells indicators of the same name apart by their group, and leaves a unique name as it is', () => {
    const all = [
      { nameZh: '企业法人覆盖率', groupZh: '信用信息覆盖情况' },
      { nameZh: '企业法人覆盖率', groupZh: '信用评价与分级分类覆盖情况' },
      { nameZh: '信用信息条数', groupZh: '信用信息数据规模' },
    ];
    expect(all.map((d) => indicatorNameZh(d, all))).toEqual(['企业法人覆盖率（信用信息覆盖情况）', '企业法人覆盖率（信用评价与分级分类覆盖情况）', '信用信息条数']);
  });

  it('finds every indicator of the presets named once in Chinese, so no view needs the group to tell them apart', async () => {
    for (const id of ['zibo', 'zaozhuang-hitech']) {
      const names = (await loadPreset(id)).indicators.map((d) => d.nameZh);
      expect(names.filter((n, i) => names.indexOf(n) !== i), id).toEqual([]);
    }
  });

  it('names a department on a chart by its short name, with its area where another area has a department of that name', async () => {
    const preset = await loadPreset('zibo');
    expect(departmentShortZh(preset, 'zb-zjj')).toBe('市住建局');
    expect(departmentShortZh(preset, 'zd-zjj')).toBe('张店区住建局');
    expect(departmentShortZh(preset, 'no-such')).toBeNull();
    const shown = preset.departments.map((d) => departmentShortZh(preset, d.id));
    expect(new Set(shown).size).toBe(preset.departments.length);
  });

  it('names up to three tied units, and more as the first three and how many', () => {
    const units = ['甲局', '乙局', '丙局', '丁局'].map((nameZh) => ({ nameZh }));
    expect(unitsZh(units.slice(0, 3), '部门')).toBe('甲局、乙局、丙局');
    expect(unitsZh(units, '部门')).toBe('甲局、乙局、丙局等4个部门');
  });
});
