/**
 * The honest-business demonstration street (张店区“诚信经营示范街”, 水晶街): each merchant's
 * credit archive with its four-colour class (红/蓝/黄/黑; targets black 0, blue-or-better ≥ 95%,
 * red ≥ 50%), consumer rating and votes; and the events behind it (inspections, complaints,
 * consumer ratings).
 */
import { YES_NO, YES_NO_ALIASES, type SourceType } from './source-type.ts';

export const COLOURS = ['红', '蓝', '黄', '黑'] as const;
export const MERCHANT_EVENTS = ['检查', '投诉', '评价'] as const;

export const merchant: SourceType = {
  id: 'merchant',
  nameZh: '示范街商户信用档案',
  nameEn: 'Demonstration-street merchant archive',
  table: 'core.merchant',
  naturalKey: ['uscc'],
  minHeaderMatches: 4,
  eventDate: 'classed_on',
  fields: [
    { name: 'merchant_name', headerZh: '商户名称', type: 'text', required: true, aliases: ['店铺名称', '经营者名称'] },
    { name: 'uscc', headerZh: '统一社会信用代码', type: 'uscc', required: true, aliases: ['社会信用代码'] },
    { name: 'street_code', headerZh: '所属街道', type: 'area', areaLevel: 'street', aliases: ['街道', '所属镇街'] },
    { name: 'address', headerZh: '经营地址', type: 'text', aliases: ['地址', '门牌号'] },
    { name: 'business_type', headerZh: '经营类别', type: 'text', aliases: ['行业', '经营范围'] },
    {
      name: 'colour', headerZh: '信用分类', type: 'enum', required: true, values: COLOURS,
      valueAliases: { 红牌: '红', 红榜: '红', 蓝牌: '蓝', 蓝榜: '蓝', 黄牌: '黄', 黄榜: '黄', 黑牌: '黑', 黑榜: '黑' },
      aliases: ['四色分类', '信用等级', '挂牌颜色'],
    },
    { name: 'classed_on', headerZh: '分类日期', type: 'date', required: true, notFuture: true, aliases: ['评定日期', '挂牌日期'] },
    { name: 'score', headerZh: '信用评分', type: 'amount', aliases: ['自动评分', '综合评分'] },
    { name: 'rating', headerZh: '消费者评分', type: 'amount', aliases: ['消费者评价得分', '评价得分'] },
    { name: 'votes', headerZh: '消费者投票数', type: 'count', aliases: ['投票数', '得票数'] },
    { name: 'model_shop', headerZh: '是否示范店', type: 'enum', values: YES_NO, valueAliases: YES_NO_ALIASES, aliases: ['诚信经营示范店'] },
  ],
  rules: [],
};

export const merchantEvent: SourceType = {
  id: 'merchant-event',
  nameZh: '示范街检查投诉与评价',
  nameEn: 'Demonstration-street inspections, complaints and ratings',
  table: 'core.merchant_event',
  naturalKey: ['event_no'],
  minHeaderMatches: 4,
  eventDate: 'occurred_on',
  fields: [
    { name: 'event_no', headerZh: '记录编号', type: 'text', required: true, aliases: ['编号', '工单号'] },
    { name: 'merchant_name', headerZh: '商户名称', type: 'text', aliases: ['店铺名称'] },
    { name: 'uscc', headerZh: '统一社会信用代码', type: 'uscc', required: true, aliases: ['社会信用代码'] },
    { name: 'kind', headerZh: '记录类型', type: 'enum', required: true, values: MERCHANT_EVENTS, valueAliases: { 检查记录: '检查', 执法检查: '检查', 消费投诉: '投诉', 消费者评价: '评价' }, aliases: ['类型'] },
    { name: 'occurred_on', headerZh: '发生日期', type: 'date', required: true, notFuture: true, aliases: ['日期', '检查日期', '投诉日期'] },
    { name: 'unit', headerZh: '处理单位', type: 'text', aliases: ['检查单位', '承办单位'] },
    { name: 'content', headerZh: '内容', type: 'text', aliases: ['检查内容', '投诉内容', '评价内容'] },
    { name: 'problem_found', headerZh: '是否发现问题', type: 'enum', values: YES_NO, valueAliases: YES_NO_ALIASES, aliases: ['发现问题'] },
    { name: 'resolved', headerZh: '是否办结', type: 'enum', values: YES_NO, valueAliases: YES_NO_ALIASES, aliases: ['办结情况'] },
    { name: 'rating', headerZh: '评分', type: 'amount', aliases: ['消费者评分'] },
  ],
  rules: [
    { kind: 'required_when', id: 'rating_needs_score', when: { field: 'kind', equals: '评价' }, then: 'rating' },
  ],
};
