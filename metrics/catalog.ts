/**
 * The indicators computed so far, as definitions: identity, plan clause, unit, grains and the
 * entities each applies to. Targets come from the preset (core.plan_target) when the plan sets
 * them; `constantTarget` holds a rule the plan states without dates (e.g. 100% compliance).
 * Pure data, no I/O.
 */

export type EntityType = 'city' | 'district' | 'street' | 'department';
export type Grain = 'week' | 'month';

export interface IndicatorDef {
  id: string;
  nameZh: string;
  nameEn: string;
  unit: '%' | '条';
  direction: 'up';
  source: { file: string; clause: string };
  /** cumulative: value as of period end; period: value of records within the period. */
  accumulation: 'cumulative' | 'period';
  grains: readonly Grain[];
  entityTypes: readonly EntityType[];
  /** Entity types the plan's target applies to (others are shown and ranked without one). */
  targetEntityTypes: readonly EntityType[];
  constantTarget?: number;
}

export const INDICATORS: readonly IndicatorDef[] = [
  {
    id: 'enterprise-coverage',
    nameZh: '企业法人信用信息覆盖率',
    nameEn: 'Enterprise legal persons covered by credit records',
    unit: '%',
    direction: 'up',
    source: { file: '003_91dd66f6a7dbde5f.txt', clause: '表1 信用信息覆盖情况 / 企业法人覆盖率 (2025年 100%)' },
    accumulation: 'cumulative',
    grains: ['week', 'month'],
    entityTypes: ['city', 'district', 'street', 'department'],
    targetEntityTypes: ['city', 'district', 'street'],
  },
  {
    id: 'record-volume',
    nameZh: '信用信息归集量',
    nameEn: 'Credit records collected',
    unit: '条',
    direction: 'up',
    source: { file: '003_91dd66f6a7dbde5f.txt', clause: '二、(三) 总体目标: 2022年底4亿条, 2025年底6亿条; 一、(一) 2016—2020年归集1.2亿条' },
    accumulation: 'cumulative',
    grains: ['week', 'month'],
    entityTypes: ['city', 'district', 'street', 'department'],
    targetEntityTypes: ['city'],
  },
  {
    id: 'double-publicity-on-time',
    nameZh: '双公示7个工作日内上报率',
    nameEn: 'Licences and penalties reported within 7 working days',
    unit: '%',
    direction: 'up',
    source: { file: '002_f19c88244c46ad84.txt', clause: '一、1 (7个工作日内归集, 合规率达到100%); 000_e3cc3a0824c5aef8.txt 7日内报送' },
    accumulation: 'period',
    grains: ['week', 'month'],
    entityTypes: ['city', 'district', 'street', 'department'],
    targetEntityTypes: ['city', 'district', 'street', 'department'],
    constantTarget: 1,
  },
];

export function getIndicator(id: string): IndicatorDef | undefined {
  return INDICATORS.find((i) => i.id === id);
}
