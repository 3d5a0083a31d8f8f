import { findUnsafeChar, utf8Length } from '../../lib/rules/strings';

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
  ])('findUnsafeChar(%j) = %s', (text, expected) => {
    expect(findUnsafeChar(text)).toBe(expected);
  });

  test('utf8Length counts bytes as the provider does', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('中')).toBe(3);
  });
});
