/**
 * 失信惩戒措施基础清单: the national base list of disciplinary measures (items), and each
 * department's implementation of the items assigned to it — the base-list implementation rate
 * of the Zibo plan 表1 (全国失信惩戒措施基础清单落实率, 100%).
 */
import { YES_NO, YES_NO_ALIASES, type SourceType } from './source-type.ts';

export const MEASURE_CATEGORIES = ['减损权益或增加义务', '管理措施', '市场性社会性措施'] as const;
export const IMPLEMENTATION_STATUS = ['已落实', '部分落实', '未落实', '不适用'] as const;

export const disciplineItem: SourceType = {
  id: 'discipline-item',
  nameZh: '失信惩戒措施基础清单',
  nameEn: 'Disciplinary-measure base list',
  table: 'core.discipline_item',
  naturalKey: ['item_no'],
  minHeaderMatches: 3,
  fields: [
    { name: 'item_no', headerZh: '措施序号', type: 'text', required: true, aliases: ['序号', '措施编号', '清单编号'] },
    { name: 'measure', headerZh: '惩戒措施', type: 'text', required: true, aliases: ['措施名称', '失信惩戒措施'] },
    {
      name: 'category', headerZh: '措施类别', type: 'enum', required: true, values: MEASURE_CATEGORIES,
      valueAliases: { 减损权益: '减损权益或增加义务', 增加义务: '减损权益或增加义务', 相关管理措施: '管理措施', 市场性措施: '市场性社会性措施', 社会性措施: '市场性社会性措施' },
      aliases: ['类别', '措施类型'],
    },
    { name: 'target', headerZh: '惩戒对象', type: 'text', aliases: ['适用对象', '实施对象'] },
    { name: 'basis', headerZh: '设定依据', type: 'text', aliases: ['法律依据', '依据'] },
    { name: 'responsible', headerZh: '实施部门', type: 'text', aliases: ['责任部门', '实施主体'] },
    { name: 'list_version', headerZh: '清单版本', type: 'text', aliases: ['版本'] },
  ],
  rules: [],
};

export const disciplineImplementation: SourceType = {
  id: 'discipline-implementation',
  nameZh: '失信惩戒措施落实情况',
  nameEn: 'Implementation of disciplinary measures',
  table: 'core.discipline_implementation',
  naturalKey: ['item_no', 'implementing_unit'],
  minHeaderMatches: 3,
  eventDate: 'reported_on',
  fields: [
    { name: 'item_no', headerZh: '措施序号', type: 'text', required: true, aliases: ['序号', '措施编号', '清单编号'] },
    { name: 'measure', headerZh: '惩戒措施', type: 'text', aliases: ['措施名称', '失信惩戒措施'] },
    { name: 'implementing_unit', headerZh: '落实单位', type: 'text', required: true, aliases: ['实施单位', '填报单位'] },
    {
      name: 'status', headerZh: '落实情况', type: 'enum', required: true, values: IMPLEMENTATION_STATUS,
      valueAliases: { 落实: '已落实', 已实施: '已落实', 部分实施: '部分落实', 未实施: '未落实', 无此职能: '不适用' },
      aliases: ['落实状态', '实施情况'],
    },
    { name: 'embedded', headerZh: '是否嵌入业务系统', type: 'enum', values: YES_NO, valueAliases: YES_NO_ALIASES, aliases: ['嵌入系统', '是否嵌入系统'] },
    { name: 'cases', headerZh: '实施案例数', type: 'count', aliases: ['案例数', '应用次数'] },
    { name: 'reported_on', headerZh: '填报日期', type: 'date', required: true, notFuture: true, aliases: ['报送日期', '填报时间'] },
    { name: 'note', headerZh: '备注', type: 'text', aliases: ['说明'] },
  ],
  rules: [],
};
