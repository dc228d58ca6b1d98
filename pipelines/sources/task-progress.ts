/**
 * 工作台账: progress of the plan's tasks and sub-tasks per responsible unit, as reported at each
 * scheduling round (Zhangdian plan annex: 14 tasks with sub-tasks, deadlines and units; Zaozhuang
 * opinions: 周调度、月通报). Feeds the task on-time completion rate and the overdue list.
 */
import type { SourceType } from './source-type.ts';

export const TASK_STATUS = ['未启动', '推进中', '已完成', '逾期未完成'] as const;

export const taskProgress: SourceType = {
  id: 'task-progress',
  nameZh: '工作任务推进台账',
  nameEn: 'Task progress',
  table: 'core.task_progress',
  naturalKey: ['task_no', 'subtask_no', 'responsible_unit', 'reported_on'],
  minHeaderMatches: 4,
  eventDate: 'reported_on',
  // A street office reports its own lines (the plan's 各街道办事处 / 各镇办 sub-tasks).
  reportedByStreets: true,
  fields: [
    { name: 'task_no', headerZh: '任务序号', type: 'text', required: true, aliases: ['序号', '任务编号'] },
    { name: 'task', headerZh: '任务说明', type: 'text', required: true, aliases: ['重点任务', '任务名称'] },
    { name: 'subtask_no', headerZh: '细化序号', type: 'text', required: true, aliases: ['子任务序号', '子任务编号'] },
    { name: 'subtask', headerZh: '任务细化', type: 'text', aliases: ['子任务', '具体措施'] },
    { name: 'responsible_unit', headerZh: '责任单位', type: 'text', required: true, aliases: ['牵头单位', '责任部门'], unitName: true },
    { name: 'deadline', headerZh: '完成时限', type: 'date', aliases: ['完成时间', '时间节点'] },
    {
      name: 'status', headerZh: '推进状态', type: 'enum', required: true, values: TASK_STATUS,
      valueAliases: { 未开始: '未启动', 进行中: '推进中', 正在推进: '推进中', 完成: '已完成', 已办结: '已完成', 滞后: '逾期未完成', 逾期: '逾期未完成' },
      aliases: ['完成情况', '状态'],
    },
    { name: 'completed_on', headerZh: '完成日期', type: 'date', notFuture: true, aliases: ['实际完成时间', '办结日期'] },
    { name: 'progress_note', headerZh: '进展情况', type: 'text', aliases: ['推进情况', '工作进展', '备注'] },
    { name: 'reported_on', headerZh: '填报日期', type: 'date', required: true, notFuture: true, aliases: ['调度日期', '报送日期'] },
  ],
  rules: [
    { kind: 'required_when', id: 'done_needs_date', when: { field: 'status', in: ['已完成'] }, then: 'completed_on' },
  ],
};
