/**
 * Synthetic Chinese names for demo subjects: people, firms, individual businesses, co-operatives
 * and public bodies. The vocabularies are generic; no real firm or person is meant. Pure, no I/O.
 */
import type { Rng } from './prng.ts';

/** Common surnames, most frequent first (the first ones are drawn more often). */
const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍韦申尤毕聂焦'.split('');

const GIVEN_MALE = '伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林峰建国志新文利清海东亮成松岩'.split('');
const GIVEN_FEMALE = '芳娜敏静丽艳娟霞秀英玲桂兰萍红琳婷雪慧颖倩琴晶燕丹蕾洁美玉莉梅凤云璐佳欣悦瑶怡'.split('');

/** Characters for trade names (字号), as firms like them: prosperous, honest, lasting. */
const TRADE_CHARS =
  '鑫华盛隆泰恒源博瑞德汇通宏达信诚利丰和兴嘉昌晟鼎聚金凯新科力宇佳远航天海润福祥安康正大中齐鲁淄川岳峰宝荣锦昊森林富亿万众成顺益创维联启明光耀弘迈腾卓越伟业'.split('');

const INDUSTRIES = [
  '化工', '陶瓷', '机械制造', '商贸', '建材', '新材料科技', '医药', '纺织', '食品', '餐饮管理', '物流', '建筑工程',
  '环保科技', '电子科技', '信息技术', '房地产开发', '物业管理', '汽车销售服务', '农业科技', '玻璃制品', '耐火材料',
  '石油化工', '生物科技', '装饰工程', '劳务服务', '广告传媒', '酒店管理', '教育咨询', '健康管理', '机电设备', '包装材料',
  '精细化工', '铝业', '塑料制品', '电力工程', '供应链管理', '文化传媒', '钢结构工程',
];

const COMPANY_FORMS = ['有限公司', '有限公司', '有限公司', '有限责任公司', '股份有限公司'];

const SHOPS = [
  '便利店', '烧烤店', '小吃部', '五金店', '理发店', '水果店', '超市', '饭店', '烟酒店', '服装店', '汽车修理部',
  '家电维修部', '副食品店', '面馆', '蔬菜店', '美容美发店', '建材经营部', '手机店', '干洗店', '水饺馆', '粮油店',
  '日用品商店', '快餐店', '茶叶店', '鲜肉店', '百货店', '诊所', '眼镜店', '文具店', '早餐店',
];

const COOPERATIVE_KINDS = ['种植专业合作社', '养殖专业合作社', '果蔬专业合作社', '农机专业合作社', '蔬菜种植专业合作社', '苗木专业合作社'];

function weightedSurname(rng: Rng): string {
  // Squaring a uniform draw favours the front of the list, like real surname frequencies.
  const x = rng.next();
  return SURNAMES[Math.floor(x * x * SURNAMES.length)]!;
}

/** A person's name of two or three characters. */
export function personName(rng: Rng, male: boolean): string {
  const pool = male ? GIVEN_MALE : GIVEN_FEMALE;
  const given = rng.chance(0.7) ? rng.pick(pool) + rng.pick(pool) : rng.pick(pool);
  return weightedSurname(rng) + given;
}

export function tradeName(rng: Rng): string {
  const a = rng.pick(TRADE_CHARS);
  let b = rng.pick(TRADE_CHARS);
  while (b === a) b = rng.pick(TRADE_CHARS);
  return a + b;
}

/**
 * @example companyName(rng, '淄博', '张店区') // '淄博鑫华化工有限公司' or '淄博市张店区鑫华商贸有限公司'
 */
export function companyName(rng: Rng, cityShort: string, districtName: string): string {
  const trade = tradeName(rng);
  const industry = rng.pick(INDUSTRIES);
  const form = rng.pick(COMPANY_FORMS);
  const r = rng.next();
  if (r < 0.55) return `${cityShort}${trade}${industry}${form}`;
  if (r < 0.8) return `${cityShort}市${districtName}${trade}${industry}${form}`;
  if (r < 0.93) return `山东${trade}${industry}${form}`;
  return `${trade}（${cityShort}）${industry}${form}`;
}

/** A firm registered in another city, e.g. 济南鑫华物流有限公司. */
export function outsideCompanyName(rng: Rng, cityShort: string): string {
  return `${cityShort}${tradeName(rng)}${rng.pick(INDUSTRIES)}${rng.pick(COMPANY_FORMS)}`;
}

/**
 * An individual business: district + owner's name or trade name + shop.
 * @example individualBusinessName(rng, '张店区', '李') // '张店区老李烧烤店'
 */
export function individualBusinessName(rng: Rng, districtName: string, ownerName: string): string {
  const shop = rng.pick(SHOPS);
  const r = rng.next();
  let core: string;
  if (r < 0.35) core = tradeName(rng);
  else if (r < 0.55) core = `老${ownerName.slice(0, 1)}`;
  else if (r < 0.7) core = `${ownerName.slice(0, 1)}记`;
  else core = ownerName;
  const name = `${districtName}${core}${shop}`;
  // Since 2022 an individual business may add the suffix to its name.
  return rng.chance(0.2) ? `${name}（个体工商户）` : name;
}

export function cooperativeName(rng: Rng, districtName: string, placeName: string): string {
  return `${districtName}${placeName.replace(/(街道|镇)$/, '')}${tradeName(rng)}${rng.pick(COOPERATIVE_KINDS)}`;
}

/** Non-enterprise legal persons by USCC prefix (机关 11, 事业单位 12, 社团 51, 民非 52, 基金会 53). */
export const NON_ENTERPRISE_PREFIXES = ['11', '12', '51', '52', '53'] as const;
export type NonEnterprisePrefix = (typeof NON_ENTERPRISE_PREFIXES)[number];

export const NON_ENTERPRISE_TYPES: Record<NonEnterprisePrefix, string> = {
  '11': '机关',
  '12': '事业单位',
  '51': '社会团体',
  '52': '民办非企业单位',
  '53': '基金会',
};

/**
 * A plausible name for a public body, built from the city/district and a street or trade name.
 * @example publicBodyName(rng, '12', '淄博市', '张店区', '车站街道') // '张店区车站街道社区卫生服务中心'
 */
export function publicBodyName(rng: Rng, prefix: NonEnterprisePrefix, cityName: string, districtName: string, streetName: string | null): string {
  const trade = tradeName(rng);
  const place = streetName ?? districtName;
  switch (prefix) {
    case '11':
      return rng.pick([
        `${districtName}${place === districtName ? '' : place}${rng.pick(['便民服务中心', '综合治理中心', '退役军人服务站', '社会事务办公室'])}`,
        `${cityName}${districtName}${trade}社区居民委员会`,
        `${districtName}${place === districtName ? trade : place}${rng.pick(['村民委员会', '社区居民委员会'])}`,
      ]);
    case '12':
      return rng.pick([
        `${districtName}${place === districtName ? trade : place}社区卫生服务中心`,
        `${cityName}${districtName}第${rng.int(1, 30)}中学`,
        `${districtName}${trade}小学`,
        `${cityName}${trade}${rng.pick(['检验检测中心', '技术服务中心', '档案馆', '图书馆', '职业中等专业学校'])}`,
        `${districtName}${trade}幼儿园`,
      ]);
    case '51':
      return rng.pick([
        `${cityName}${rng.pick(['陶瓷', '餐饮', '物流', '建材', '化工', '电子商务', '家政服务', '汽车维修', '书法', '摄影'])}行业协会`,
        `${cityName}${districtName}${trade}商会`,
        `${districtName}${rng.pick(['老年体育', '志愿者', '青年创业', '个体劳动者'])}协会`,
      ]);
    case '52':
      return rng.pick([
        `${districtName}${trade}幼儿园`,
        `${cityName}${trade}职业培训学校`,
        `${districtName}${trade}养老服务中心`,
        `${districtName}${trade}社会工作服务中心`,
      ]);
    case '53':
      return `${cityName}${trade}${rng.pick(['慈善', '教育', '助学', '公益'])}基金会`;
  }
}
