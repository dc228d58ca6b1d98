// Quarantine reasons in Chinese (必填项为空, 日期晚于报送日期 …): the pure explainer in the
// repository's lib/, shared with the CLI and the rejected-rows workbook.
export * from '../../../lib/reasons';
