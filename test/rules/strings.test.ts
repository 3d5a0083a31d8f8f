import { escapeUnsafe, findUnsafeChar, utf8Length } from '../../lib/rules/strings';

describe('string rules', () => {
  test.each<[string, string | undefined]>([
    ['plain text, with "quotes" and {braces}', undefined],
    ['中文', undefined],
    ['a\nb', 'newline (U+000A)'],
    ['a\rb', 'carriage return (U+000D)'],
    ['a\u0000b', 'NUL (U+0000)'],
    ['a\tb', 'tab (U+0009)'],
    ['\u001b[31m', 'U+001B'],
    ['\u007f', 'U+007F'],
    ['\u0085', 'U+0085'],
    ['a\u2028b', 'U+2028'],
    ['a\u202eb', 'U+202E'],
    ['a\u200bb', 'U+200B'],
    ['\ufeffa', 'U+FEFF'],
    // By general category, not a hand list (issue 13): Cf, Co, Cn, Zl, Zp, Cs.
    ['a\u206ab', 'U+206A'],
    ['a\u206fb', 'U+206F'],
    ['a\u{E0001}b', 'U+E0001'],
    ['a\u{E0041}b', 'U+E0041'],
    ['a\u{E007F}b', 'U+E007F'],
    ['a\u200db', 'U+200D'],
    ['a\u00adb', 'U+00AD'],
    ['a\ufff9b', 'U+FFF9'],
    ['a\ue000b', 'U+E000'],
    ['a\u{F0000}b', 'U+F0000'],
    ['a\u0378b', 'U+0378'],
    ['a\u{10FFFF}b', 'U+10FFFF'],
    ['a\u2029b', 'U+2029'],
    ['a\ud800b', 'unpaired surrogate U+D800'],
    ['a\udfffb', 'unpaired surrogate U+DFFF'],
    ['\ud800', 'unpaired surrogate U+D800'],
    ['a\u{1F600}b', undefined],
    ['a\u00a0b', undefined],
    ['\u0645\u0631\u062d\u0628\u0627', undefined],
  ])('findUnsafeChar(%j) = %s', (text, expected) => {
    expect(findUnsafeChar(text)).toBe(expected);
  });

  test('escapeUnsafe writes every unsafe character as an escape, and nothing else', () => {
    expect(escapeUnsafe('a\nb\u202ec\u{E0041}d\ud800')).toBe('a\\u000ab\\u202ec\\u{e0041}d\\ud800');
    expect(escapeUnsafe('中文 "quoted" \\ \u{1F600}')).toBe('中文 "quoted" \\ \u{1F600}');
  });

  test('utf8Length counts bytes as the provider does', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('中')).toBe(3);
  });
});
