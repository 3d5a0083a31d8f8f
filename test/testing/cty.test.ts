import { decodeValue, encodeValue, isWhollyKnown, Unknown } from '../../lib/testing/cty';

describe('cty values as msgpack', () => {
  test('an unknown value is the fixext1 of extension type 0 (d4 00 00)', () => {
    expect(encodeValue(Unknown.value).toString('hex')).toBe('d40000');
    expect(decodeValue(Buffer.from('d40000', 'hex'))).toBe(Unknown.value);
  });

  test('a refined unknown (extension type 12) decodes as unknown', () => {
    // fixext1, type 12, one payload byte: how Terraform sends "unknown, but not null".
    expect(decodeValue(Buffer.from('d40c80', 'hex'))).toBe(Unknown.value);
    // ext8 with a longer refinement payload
    expect(decodeValue(Buffer.from('c7030c810102', 'hex'))).toBe(Unknown.value);
  });

  test('objects, lists, numbers, bools and nulls round-trip', () => {
    const value = { id: Unknown.value, name: 'x', count: 3, ratio: 0.5, on: true, tags: null, list: ['a', Unknown.value] };
    expect(decodeValue(encodeValue(value))).toEqual(value);
  });

  test('empty bytes are a null value', () => {
    expect(decodeValue(Buffer.alloc(0))).toBeNull();
    expect(decodeValue(undefined)).toBeNull();
  });

  test('isWhollyKnown looks inside lists and objects', () => {
    expect(isWhollyKnown({ a: ['x', { b: 1 }] })).toBe(true);
    expect(isWhollyKnown({ a: ['x', { b: Unknown.value }] })).toBe(false);
    expect(isWhollyKnown(Unknown.value)).toBe(false);
  });
});
