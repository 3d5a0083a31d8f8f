import { error, formatFinding, formatValue } from '../../lib/rules/finding';
import { HaVipValidationError } from '../../lib/validation-error';

describe('findings and their messages', () => {
  test.each<[unknown, string]>([
    ['eth0', '"eth0"'],
    ['a\nb', '"a\\nb"'],
    ['a\u0000b', '"a\\u0000b"'],
    ['a\u2028b\u202ec', '"a\\u2028b\\u202ec"'],
    [42, '42'],
    [NaN, 'NaN'],
    [undefined, 'undefined'],
    [null, 'null'],
    [{ a: 1 }, '{"a":1}'],
    [10n, '10n'],
    [Symbol('s'), 'Symbol(s)'],
    ['a\u{E0041}\ud800', '"a\\u{e0041}\\ud800"'],
    ['a\u206ab', '"a\\u206ab"'],
  ])('formatValue, case %#', (value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });

  test('circular values and long strings never throw and stay short', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(formatValue(circular)).toBe('[object]');
    expect(formatValue('x'.repeat(1000))).toHaveLength(203);
  });

  test('formatFinding: <path>: <prop> = <value>: <rule> (<source>)', () => {
    const f = error('nodes[1].priority', 300, 'must be an integer from 1 to 254', 'keepalived.conf(5): priority');
    expect(formatFinding('stack/web', f)).toBe(
      'stack/web: nodes[1].priority = 300: must be an integer from 1 to 254 (keepalived.conf(5): priority)',
    );
  });

  test('formatFinding escapes every part: no key, id or rule can forge a line or hide text', () => {
    const f = error('tags["a\nstack/web: x = 1: forged (y)"]', 1, 'rule\u2028b', 'src\u202e');
    const line = formatFinding('stack/we\u200bb', f);
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toBe('stack/we\\u200bb: tags["a\\u000astack/web: x = 1: forged (y)"] = 1: rule\\u2028b (src\\u202e)');
  });

  test('HaVipValidationError lists every error, is an Error and instanceof works', () => {
    const findings = [
      error('a', 1, 'rule a', 'src a'),
      { level: 'warning' as const, prop: 'w', value: 0, rule: 'warn', source: 's' },
      error('b', 'x\ny', 'rule b', 'src b'),
    ];
    const e = new HaVipValidationError('stack/web', findings);
    expect(e).toBeInstanceOf(HaVipValidationError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('HaVipValidationError');
    expect(e.constructPath).toBe('stack/web');
    expect(e.findings.map((f) => f.prop)).toEqual(['a', 'b']);
    expect(e.message).toBe(
      '2 HaVip validation error(s):\nstack/web: a = 1: rule a (src a)\nstack/web: b = "x\\ny": rule b (src b)',
    );
  });
});
