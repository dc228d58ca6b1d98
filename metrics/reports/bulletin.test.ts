import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../warehouse/preset/load-preset.ts';
import { departmentShortZh, indicatorNameZh } from './bulletin.ts';

describe('names in the bulletin', () => {
  it('tells indicators of the same name apart by their group, and leaves a unique name as it is', async () => {
    const preset = await loadPreset('zibo');
    const names = preset.indicators.filter((d) => ['enterprise-coverage', 'graded-supervision-enterprise', 'record-volume'].includes(d.id))
      .map((d) => indicatorNameZh(d, preset.indicators));
    expect(names).toEqual(expect.arrayContaining(['企业法人覆盖率（信用信息覆盖情况）', '企业法人覆盖率（信用评价与分级分类覆盖情况）', '信用信息条数']));
    expect(new Set(preset.indicators.map((d) => indicatorNameZh(d, preset.indicators))).size).toBe(preset.indicators.length);
  });

  it('names a department on a chart by its short name, with its area where another area has a department of that name', async () => {
    const preset = await loadPreset('zibo');
    expect(departmentShortZh(preset, 'zb-zjj')).toBe('市住建局');
    expect(departmentShortZh(preset, 'zd-zjj')).toBe('张店区住建局');
    expect(departmentShortZh(preset, 'no-such')).toBeNull();
    const shown = preset.departments.map((d) => departmentShortZh(preset, d.id));
    expect(new Set(shown).size).toBe(preset.departments.length);
  });
});
