/**
 * 红黑名单: subjects placed on a red (守信), black (严重失信) or watch (重点关注) list by the
 * unit that decided it. Each listing is a credit record (Zibo plan 表1 record volume) and feeds
 * the red/black list counts.
 */
import type { SourceType } from './source-type.ts';
import { subjectRef } from './subject-block.ts';

export const LIST_TYPES = ['红名单', '黑名单', '重点关注名单'] as const;

export const creditList: SourceType = {
  id: 'credit-list',
  nameZh: '红黑名单',
  nameEn: 'Red and black lists',
  table: 'core.credit_list',
  naturalKey: ['decision_no', 'subject_name'],
  minHeaderMatches: 4,
  creditRecord: { dateField: 'listed_on', usccField: 'uscc', idField: 'id_number' },
  fields: [
    {
      name: 'list_type', headerZh: '名单类型', type: 'enum', required: true, values: LIST_TYPES,
      valueAliases: { 守信红名单: '红名单', 红榜: '红名单', 失信黑名单: '黑名单', 严重失信主体名单: '黑名单', 黑榜: '黑名单', 重点关注: '重点关注名单' },
      aliases: ['名单类别', '类别'],
    },
    { name: 'list_name', headerZh: '名单名称', type: 'text', required: true, aliases: ['名单', '所属名单'] },
    ...subjectRef(),
    { name: 'decision_no', headerZh: '认定文书号', type: 'text', required: true, aliases: ['认定文号', '决定文书号', '列入文书号'] },
    { name: 'listing_unit', headerZh: '认定单位', type: 'text', required: true, aliases: ['认定部门', '列入单位'] },
    { name: 'reason', headerZh: '列入事由', type: 'text', aliases: ['列入原因', '认定事由'] },
    { name: 'listed_on', headerZh: '列入日期', type: 'date', required: true, notFuture: true, aliases: ['认定日期', '列入时间'] },
    { name: 'removed_on', headerZh: '移出日期', type: 'date', notFuture: true, aliases: ['移出时间', '有效期至'] },
  ],
  rules: [],
};
