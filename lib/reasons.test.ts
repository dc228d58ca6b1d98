import { describe, expect, it } from 'vitest';
import { describeReason, REASON_CHECKS } from './reasons.ts';

describe('describeReason', () => {
  it('explains a reason code in Chinese, naming the column', () => {
    expect(describeReason('missing:许可决定日期')).toBe('许可决定日期：必填项为空');
    expect(describeReason('uscc_invalid:统一社会信用代码')).toBe('统一社会信用代码：统一社会信用代码校验位错误或格式不符');
    expect(describeReason('id_checksum:证件号码')).toBe('证件号码：身份证号码校验位不符，可能有数字录错');
    expect(describeReason('key_repeated_in_file')).toBe('同一文件中同一记录（相同标识字段）出现不同内容，以最后一行为准');
  });
  it('passes an unknown code through rather than hiding it', () => {
    expect(describeReason('new_check:某列')).toBe('某列：new_check');
  });
  it('explains every reason in English as well, keeping the column\'s Chinese header', () => {
    expect(describeReason('street_not_own:所属街道', 'en')).toBe("所属街道: not this street: a street account sends its own street's data only");
    expect(describeReason('key_repeated_in_file', 'en')).toMatch(/^the same record/);
    for (const c of REASON_CHECKS) {
      expect(describeReason(c), c).not.toBe(c);
      expect(describeReason(c, 'en'), c).not.toBe(c);
    }
  });
});
