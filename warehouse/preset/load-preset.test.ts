import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { usccProblem } from '../../lib/uscc.ts';
import { listPresets, loadPreset, PresetError, PRESETS_DIR } from './load-preset.ts';
import { taskStreets } from './install-preset.ts';
import type { Preset } from './preset-schema.ts';

/** DOMAIN.md, "Zibo divisions". */
const ZHANGDIAN_STREETS = {
  '370303001': '车站街道',
  '370303002': '公园街道',
  '370303003': '湖田街道',
  '370303004': '和平街道',
  '370303005': '科苑街道',
  '370303006': '体育场街道',
  '370303008': '四宝山街道',
  '370303009': '马尚街道',
  '370303101': '南定镇',
  '370303102': '沣水镇',
  '370303104': '傅家镇',
  '370303105': '中埠镇',
  '370303107': '房镇镇',
};
const ZHOUCUN_STREETS = {
  '370306001': '丝绸路街道',
  '370306002': '大街街道',
  '370306003': '青年路街道',
  '370306004': '永安街道',
  '370306005': '城北路街道',
  '370306100': '北郊镇',
  '370306101': '南郊镇',
  '370306102': '王村镇',
  '370306103': '萌水镇',
  '370306104': '商家镇',
};

const childrenOf = (p: Preset, code: string) =>
  Object.fromEntries(p.areas.filter((a) => a.parentCode === code).map((a) => [a.code, a.nameZh]));

describe('zibo preset', () => {
  let zibo: Preset;
  beforeAll(async () => {
    zibo = await loadPreset('zibo');
  });

  it('is listed and identifies the city and its plan', async () => {
    expect(await listPresets()).toContain('zibo');
    expect(zibo).toMatchObject({ id: 'zibo', nameZh: '淄博市', cityCode: '370300' });
    expect(zibo.plan.file).toBe('003_91dd66f6a7dbde5f.txt');
    expect(zibo.statusThresholds).toEqual({ behind: 0.9, farBehind: 0.75 });
    expect(zibo.calendar.years).toEqual({});
  });

  it('has the 8 districts and counties and 3 functional zones under the city', () => {
    const under = zibo.areas.filter((a) => a.parentCode === '370300');
    const real = under.filter((a) => a.kind !== 'functional_zone');
    expect(Object.fromEntries(real.map((a) => [a.code, a.nameZh]))).toEqual({
      '370302': '淄川区',
      '370303': '张店区',
      '370304': '博山区',
      '370305': '临淄区',
      '370306': '周村区',
      '370321': '桓台县',
      '370322': '高青县',
      '370323': '沂源县',
    });
    expect(real.filter((a) => a.kind === 'county').map((a) => a.nameZh)).toEqual(['桓台县', '高青县', '沂源县']);
    const zones = under.filter((a) => a.kind === 'functional_zone');
    expect(zones.map((a) => a.nameZh)).toEqual(['高新区', '经济开发区', '文昌湖省级旅游度假区']);
    expect(zones.every((z) => z.level === 'district')).toBe(true);
  });

  it('gives 张店区 and 周村区 exactly the streets and towns of DOMAIN.md', () => {
    expect(childrenOf(zibo, '370303')).toEqual(ZHANGDIAN_STREETS);
    expect(childrenOf(zibo, '370306')).toEqual(ZHOUCUN_STREETS);
    const chezhan = zibo.areas.find((a) => a.code === '370303001');
    expect(chezhan).toEqual({
      code: '370303001',
      nameZh: '车站街道',
      nameEn: 'Chezhan Subdistrict',
      level: 'street',
      kind: 'street',
      parentCode: '370303',
    });
    expect(zibo.areas.find((a) => a.code === '370303101')?.kind).toBe('town');
  });

  it('has all 88 streets and towns, each under its legal district', () => {
    const streets = zibo.areas.filter((a) => a.level === 'street');
    expect(streets).toHaveLength(88);
    const perDistrict = Object.fromEntries(
      ['370302', '370303', '370304', '370305', '370306', '370321', '370322', '370323'].map((c) => [
        c,
        streets.filter((s) => s.parentCode === c).length,
      ]),
    );
    expect(perDistrict).toEqual({
      '370302': 13,
      '370303': 13,
      '370304': 10,
      '370305': 12,
      '370306': 10,
      '370321': 9,
      '370322': 9,
      '370323': 12,
    });
    // 四宝山街道 is run by 高新区 but legally part of 张店区.
    expect(zibo.areas.find((a) => a.nameZh === '四宝山街道')?.parentCode).toBe('370303');
    expect(streets.every((s) => s.code.startsWith(s.parentCode!))).toBe(true);
  });

  it('has at least 40 张店区 departments and the city departments, all with valid USCCs', () => {
    const zd = zibo.departments.filter((d) => d.areaCode === '370303');
    expect(zd.length).toBeGreaterThanOrEqual(40);
    expect(zibo.departments.filter((d) => d.areaCode === '370300').length).toBeGreaterThanOrEqual(8);
    expect(zibo.departments.find((d) => d.id === 'zd-scjg')).toMatchObject({
      nameZh: '淄博市张店区市场监督管理局',
      shortZh: '市场监管局',
      category: 'regulator',
      duties: ['double-publicity', 'base-list'],
    });
    // A department without licensing or penalty powers owes no 双公示.
    expect(zibo.departments.find((d) => d.id === 'zd-dsj')?.duties).toEqual([]);
    expect(zibo.departments.find((d) => d.id === 'zd-fgj')?.nameZh).toBe('淄博市张店区发展和改革局');
    expect(zibo.departments.find((d) => d.id === 'zb-scjg')?.nameZh).toBe('淄博市市场监督管理局');
    expect(zibo.departments.filter((d) => d.category === 'judicial').map((d) => d.id)).toEqual(['zd-fy', 'zd-jcy']);
    for (const d of zibo.departments) {
      expect(usccProblem(d.uscc), d.id).toBeNull();
      expect(d.uscc.slice(2, 8), d.id).toBe(d.areaCode);
    }
  });

  it('carries the 8 second-level indicators of 表1 with their milestones', () => {
    const table1 = zibo.indicators.filter((t) => t.source.clause.startsWith('表1 '));
    expect(table1.map((t) => t.id)).toEqual([
      'enterprise-coverage',
      'non-enterprise-coverage',
      'natural-person-coverage',
      'record-volume',
      'graded-supervision-enterprise',
      'graded-supervision-non-enterprise',
      'base-list-implementation',
      'credit-check-uses',
    ]);
    const byId = new Map(table1.map((t) => [t.id, t]));
    const volume = byId.get('record-volume')!;
    expect(volume).toMatchObject({ nameZh: '信用信息条数', unit: '条', direction: 'up' });
    expect(volume.baseline).toMatchObject({ date: '2020-12-31', value: 120_000_000 });
    expect(volume.milestones.map(({ date, value }) => ({ date, value }))).toEqual([
      { date: '2022-12-31', value: 400_000_000 },
      { date: '2025-12-31', value: 600_000_000 },
    ]);
    expect(byId.get('credit-check-uses')!.milestones.map((m) => m.value)).toEqual([1_000_000, 2_000_000]);
    expect(byId.get('graded-supervision-enterprise')!.milestones.map((m) => m.value)).toEqual([0.9, 1]);
    expect(byId.get('base-list-implementation')).toMatchObject({
      nameZh: '国家部委系列失信惩戒措施基础清单落实率',
      baseline: null,
      milestones: [{ date: '2025-12-31', value: 1 }],
    });
    for (const t of table1) {
      expect(t.source.file).toBe('003_91dd66f6a7dbde5f.txt');
      expect(t.source.clause).toMatch(/^表1 /);
      expect(t.milestones.at(-1)!.date).toBe('2025-12-31');
    }
  });
});

describe('a broken preset', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'xinyong-preset-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A fresh copy of zibo in a subfolder of the temp dir, edited by `edit(file, text)`. */
  async function brokenCopy(name: string, edit: (file: string, text: string) => string): Promise<string> {
    const target = path.join(dir, name);
    await cp(path.join(PRESETS_DIR, 'zibo'), target, { recursive: true });
    for (const file of ['preset.json', 'areas.csv', 'departments.csv', 'indicators.json']) {
      const p = path.join(target, file);
      await writeFile(p, edit(file, await readFile(p, 'utf8')));
    }
    return target;
  }

  async function problemsOf(presetDir: string): Promise<readonly string[]> {
    try {
      await loadPreset(presetDir);
    } catch (e) {
      expect(e).toBeInstanceOf(PresetError);
      return (e as PresetError).problems;
    }
    throw new Error('the preset was accepted');
  }

  it('accepts a copy saved by Excel (UTF-8 BOM, \\r\\n line ends)', async () => {
    const copy = await brokenCopy('excel', (file, text) =>
      file.endsWith('.csv') ? `\uFEFF${text.replace(/\n/g, '\r\n')}` : text,
    );
    const p = await loadPreset(copy);
    expect(p.areas).toHaveLength(100);
    expect(p.areas[0]!.code).toBe('370300');
    expect(p.departments.at(-1)!.category).toMatch(/^(regulator|service|judicial|other)$/);
  });

  it('names every problem with its file and line', async () => {
    const copy = await brokenCopy('broken', (file, text) => {
      if (file === 'areas.csv') {
        return (
          text +
          '370303999,幽灵街道,Ghost Subdistrict,street,street,370399\n' + // line 102: bad parent
          '370303001,车站街道,Chezhan Subdistrict,street,street,370303\n' + // line 103: duplicate code
          '370302901,错位街道,Misplaced Subdistrict,street,street,370303\n' // line 104: code outside its district
        );
      }
      if (file === 'departments.csv') {
        // Line 2 is zb-fgw; change its check character.
        return text.replace(/^(zb-fgw,.*?,370300,\w{17})(\w)/m, (_m, head: string, check: string) =>
          head + (check === 'A' ? 'B' : 'A'),
        );
      }
      return text;
    });
    const problems = await problemsOf(copy);
    expect(problems).toContain('areas.csv:102: parent_code 370399 of 370303999 幽灵街道 is not in areas.csv');
    expect(problems).toContain('areas.csv:103: duplicate code 370303001 (first on line 27)');
    expect(problems).toContain(
      "areas.csv:104: street code 370302901 错位街道 does not start with its parent's code 370303",
    );
    expect(problems.find((p) => p.startsWith('departments.csv:2: uscc '))).toMatch(/of zb-fgw is not a valid USCC \(checksum\)/);
    expect(problems).toHaveLength(4);
  });

  it('rejects bad nesting, unknown areas, bad fields and bad JSON values', async () => {
    const copy = await brokenCopy('nesting', (file, text) => {
      if (file === 'areas.csv') {
        return text
          .replace('370304001,城东街道,Chengdong Subdistrict,street,street,370304', '370304001,城东街道,Chengdong Subdistrict,street,street,370300')
          .replace('370321,桓台县,Huantai County,district,county,370300', '370321,桓台县,Huantai County,district,town,370300');
      }
      if (file === 'departments.csv') {
        return text
          .replace(',370303,11370303990303', ',370399,11370303990303') // first 张店 row: zd-fgj
          .replace(',other,\n', ',unknown,\n')
          .replace(',double-publicity;base-list\n', ',double-publicity;penalties\n') + 'zd-extra,多余的,Extra,多余,370303,113703039903039\n';
      }
      if (file === 'indicators.json') return text.replace('"value": 0.9,', '"value": 90,');
      if (file === 'preset.json') return text.replace('"farBehind": 0.75', '"farBehind": 0.95');
      return text;
    });
    const problems = await problemsOf(copy);
    const joined = problems.join('\n');
    expect(joined).toMatch(/^preset\.json:\d+: statusThresholds\.farBehind: farBehind must be below behind$/m);
    expect(joined).toMatch(/^areas\.csv:\d+: a street must sit under a district, but parent 370300 淄博市 is a city$/m);
    expect(joined).toMatch(/^areas\.csv:\d+: kind: kind "town" does not fit level "district"/m);
    expect(joined).toMatch(/^departments\.csv:\d+: area_code 370399 of zd-fgj is not in areas\.csv$/m);
    expect(joined).toMatch(/^departments\.csv:\d+: category: /m);
    expect(joined).toMatch(/^departments\.csv:\d+: duties: each must be one of double-publicity, base-list, separated by ;$/m);
    expect(joined).toMatch(/^departments\.csv:\d+: expected 8 fields, found 6/m);
    expect(joined).toMatch(/^indicators\.json:\d+: \[4\]\.milestones\[0\]\.value: a percentage is a fraction 0\.\.1/m);
    // The line points at the offending value in indicators.json.
    const targetsText = await readFile(path.join(copy, 'indicators.json'), 'utf8');
    const line = Number(/^indicators\.json:(\d+):/m.exec(joined.split('\n').find((p) => p.startsWith('indicators.json'))!)![1]);
    expect(targetsText.split('\n')[line - 1]).toContain('"value": 90,');
  });

  it('reports a scoring rule on an indicator the scheme cannot score', async () => {
    const copy = await brokenCopy('scoring', (_file, text) => text);
    const file = path.join(copy, 'scoring.json');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"indicator": "task-on-time", "method": "per-violation", "weight": 20', '"indicator": "record-volumes", "method": "per-violation", "weight": 20'));
    expect(await problemsOf(copy)).toEqual([expect.stringMatching(/^scoring\.json:\d+: scheme "department-monthly" scores unknown indicator "record-volumes"$/)]);
  });

  it('reports a task whose responsible department is not in the preset', async () => {
    const copy = await brokenCopy('tasks', (_file, text) => text);
    const file = path.join(copy, 'tasks.csv');
    await writeFile(file, (await readFile(file, 'utf8')).replace('zd-fgj', 'zd-nosuch'));
    expect(await problemsOf(copy)).toEqual(['tasks.csv:2: department_ids: unknown department "zd-nosuch"']);
  });

  it('gives the plan\'s 各镇办 sub-tasks to every street and town of the district, and reports a code that is neither', async () => {
    const zibo = await loadPreset('zibo');
    const task = zibo.tasks.find((x) => x.subtaskNo === '13.1')!;
    expect(task.streets).toEqual(['370303']);
    const streets = taskStreets(zibo, task);
    expect(streets.map((a) => a.nameZh)).toEqual(zibo.areas.filter((a) => a.parentCode === '370303').map((a) => a.nameZh));
    expect(streets.map((a) => a.nameZh)).toContain('房镇镇');
    expect(taskStreets(zibo, { streets: ['370303001'] }).map((a) => a.nameZh)).toEqual(['车站街道']);
    const copy = await brokenCopy('task-streets', (_file, text) => text);
    const file = path.join(copy, 'tasks.csv');
    await writeFile(file, (await readFile(file, 'utf8')).replace(',370303,', ',370300,').replace(',zd-fgj,,', ',zd-fgj,370399,'));
    expect(await problemsOf(copy)).toEqual([
      'tasks.csv:2: streets: 370399 is not in areas.csv, not a district or a street',
      expect.stringMatching(/^tasks\.csv:\d+: streets: 370300 is a city, not a district or a street$/),
    ]);
  });

  it('reports sub-task lines that break the plan\'s numbering, deadlines or task names', async () => {
    const copy = await brokenCopy('subtasks', (_file, text) => text);
    const file = path.join(copy, 'tasks.csv');
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[4] = lines[4]!.replace(/,12-31$/, ',12月底'); // 3.2
    lines[5] = lines[5]!.replace('3,3.3,', '3,4.3,');
    lines[8] = lines[8]!.replace('信用信息归集保障工作', '信用信息归集保障'); // 4.2
    await writeFile(file, lines.join('\n'));
    expect(await problemsOf(copy)).toEqual([
      expect.stringMatching(/^tasks\.csv:5: deadline: must be a month-day like 12-31/),
      'tasks.csv:6: subtask_no: sub-task number must start with its task number',
      'tasks.csv:9: task_zh: task 4 is named "信用信息归集保障工作" on an earlier line',
    ]);
  });

  it('rejects an unknown preset id', async () => {
    await expect(loadPreset('no-such-city')).rejects.toThrow(/no preset "no-such-city" in .*known: .*zibo/);
  });

  it('reports a missing file', async () => {
    const copy = await brokenCopy('missing', (_file, text) => text);
    await rm(path.join(copy, 'indicators.json'));
    expect(await problemsOf(copy)).toEqual(['indicators.json: file not found']);
  });
});
