/**
 * What streets report to the credit office (Zaozhuang high-tech zone opinions, 2023):
 * registrations for the personal credit score (task 2: 30% of adults by 2023, 100% by 2025),
 * publicity articles (task 10: departments 1–2 a month, streets ≥ 1 a week), pilot villages
 * (task 13: 2–3 per street) and 诚信之星 (task 14: monthly, quarterly, yearly).
 */
import type { FieldDef, SourceType } from './source-type.ts';

const street: FieldDef = { name: 'street_code', headerZh: '所属街道', type: 'area', areaLevel: 'street', aliases: ['街道', '镇街', '所属镇街', '街道(镇)'] };
const district: FieldDef = { name: 'district_code', headerZh: '所属区县', type: 'area', areaLevel: 'district', aliases: ['区县', '所属区域'] };

export const streetRegistration: SourceType = {
  id: 'street-registration',
  reportedByStreets: true,
  nameZh: '个人信用分注册情况',
  nameEn: 'Personal credit score registrations',
  table: 'core.street_registration',
  naturalKey: ['street_code', 'as_of'],
  minHeaderMatches: 3,
  eventDate: 'as_of',
  fields: [
    district,
    { ...street, required: true },
    { name: 'as_of', headerZh: '统计截止日期', type: 'date', required: true, notFuture: true, aliases: ['截止日期', '统计日期'] },
    { name: 'adults', headerZh: '常住成年人口数', type: 'count', aliases: ['成年人口数', '辖区成年人口'] },
    { name: 'registered', headerZh: '累计注册人数', type: 'count', required: true, aliases: ['注册人数', '已注册人数'] },
    { name: 'commitments', headerZh: '签订信用承诺书人数', type: 'count', aliases: ['签订承诺书人数', '承诺人数'] },
  ],
  rules: [],
};

export const publicityArticle: SourceType = {
  id: 'publicity-article',
  reportedByStreets: true,
  nameZh: '信用宣传信息发布',
  nameEn: 'Credit publicity articles',
  table: 'core.publicity_article',
  naturalKey: ['publisher', 'published_on', 'title'],
  minHeaderMatches: 3,
  eventDate: 'published_on',
  fields: [
    { name: 'publisher', headerZh: '发布单位', type: 'text', required: true, aliases: ['报送单位', '单位名称'] },
    district,
    street,
    { name: 'published_on', headerZh: '发布日期', type: 'date', required: true, notFuture: true, aliases: ['发布时间', '刊发日期'] },
    { name: 'title', headerZh: '标题', type: 'text', required: true, aliases: ['信息标题', '文章标题'] },
    { name: 'channel', headerZh: '发布渠道', type: 'text', aliases: ['刊发平台', '发布平台'] },
    { name: 'url', headerZh: '链接', type: 'text', aliases: ['网址', '链接地址'] },
  ],
  rules: [],
};

export const VILLAGE_STATUS = ['创建中', '已验收', '已撤销'] as const;

export const pilotVillage: SourceType = {
  id: 'pilot-village',
  reportedByStreets: true,
  nameZh: '信用试点村居',
  nameEn: 'Credit pilot villages',
  table: 'core.pilot_village',
  naturalKey: ['street_code', 'village'],
  minHeaderMatches: 3,
  eventDate: 'designated_on',
  fields: [
    district,
    { ...street, required: true },
    { name: 'village', headerZh: '村居名称', type: 'text', required: true, aliases: ['试点村居', '村(社区)名称', '村居'] },
    { name: 'model', headerZh: '试点模式', type: 'text', aliases: ['信用+模式', '创建模式'] },
    { name: 'designated_on', headerZh: '确定日期', type: 'date', notFuture: true, aliases: ['确定时间', '启动日期'] },
    { name: 'status', headerZh: '创建状态', type: 'enum', required: true, values: VILLAGE_STATUS, valueAliases: { 建设中: '创建中', 推进中: '创建中', 验收通过: '已验收', 已完成: '已验收', 撤销: '已撤销' }, aliases: ['状态'] },
  ],
  rules: [],
};

export const STAR_PERIODS = ['月度', '季度', '年度'] as const;

export const honestyStar: SourceType = {
  id: 'honesty-star',
  reportedByStreets: true,
  nameZh: '诚信之星评选',
  nameEn: 'Honesty stars',
  table: 'core.honesty_star',
  naturalKey: ['street_code', 'period_kind', 'period_label', 'person_name'],
  minHeaderMatches: 4,
  eventDate: 'awarded_on',
  fields: [
    district,
    { ...street, required: true },
    { name: 'period_kind', headerZh: '评选类型', type: 'enum', required: true, values: STAR_PERIODS, valueAliases: { 月: '月度', 季: '季度', 年: '年度' }, aliases: ['评选周期'] },
    { name: 'period_label', headerZh: '评选期次', type: 'text', required: true, aliases: ['期次', '评选期间'] },
    { name: 'person_name', headerZh: '姓名', type: 'text', required: true, aliases: ['诚信之星姓名', '获评人'] },
    { name: 'village', headerZh: '所在村居', type: 'text', aliases: ['村居', '所在社区'] },
    { name: 'deed', headerZh: '主要事迹', type: 'text', aliases: ['事迹简介', '事迹'] },
    { name: 'awarded_on', headerZh: '表彰日期', type: 'date', required: true, notFuture: true, aliases: ['评选日期', '公布日期'] },
  ],
  rules: [],
};
