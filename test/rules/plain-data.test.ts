import { MAX_PLAIN_DATA_DEPTH, MAX_PLAIN_DATA_ENTRIES, snapshotPlainData } from '../../lib/rules/plain-data';
import { formatValue } from '../../lib/rules/finding';

class Resolvable {
  readonly token = true;
}
const tokenOptions = { isToken: (v: unknown) => v instanceof Resolvable || v === 'TOKEN' || (Array.isArray(v) && v[0] === 'LIST_TOKEN') };
const snap = (value: unknown) => snapshotPlainData(value, tokenOptions);
const problems = (value: unknown) => snap(value).findings.map((f) => `${f.prop} = ${formatValue(f.value)}: ${f.rule}`);

describe('snapshotPlainData', () => {
  test('plain data is copied, frozen all the way down, and equal', () => {
    const value = { a: 'x', b: [1, { c: true }], d: null, e: undefined, f: Object.assign(Object.create(null), { g: 1 }) };
    const s = snap(value);
    expect(s.findings).toEqual([]);
    expect(s.value).toEqual(value);
    expect(s.value).not.toBe(value);
    const v = s.value as { b: [number, { c: boolean }] };
    expect(Object.isFrozen(v) && Object.isFrozen(v.b) && Object.isFrozen(v.b[1])).toBe(true);
  });

  test.each<[string, unknown, string]>([
    ['a Map', new Map([['allocationId', 'eip-1']]), '[Map]: must be plain data (an object literal or an array), got a Map'],
    ['a Set', new Set([1]), '[Set]: must be plain data (an object literal or an array), got a Set'],
    ['a Date', new Date(0), '[Date]: must be plain data (an object literal or an array), got a Date'],
    ['a RegExp', /x/, '[RegExp]: must be plain data (an object literal or an array), got a RegExp'],
    ['a class instance', new (class Options {})(), '[Options instance]: must be plain data (an object literal or an array), got an Options instance'],
    ['an inheriting object', Object.create({ vpcId: 'vpc-1' }), '[object with a prototype]: must be plain data (an object literal or an array), got an object with a prototype'],
    ['an Array subclass', new (class List extends Array {})(), '[Array subclass]: must be plain data (an object literal or an array), got an Array subclass'],
    ['a function', () => 1, '[function]: must be plain data (an object literal or an array), got a function'],
    ['a boxed string', Object('x'), '[boxed primitive]: must be plain data (an object literal or an array), got a boxed primitive'],
    ['a Proxy', new Proxy({}, {}), '[Proxy]: must be plain data, got a Proxy'],
    ['a symbol', Symbol('x'), '[symbol]: must be plain data, got a symbol'],
    ['a bigint', 10n, '[bigint]: must be plain data, got a bigint'],
  ])('%s is an error, left undefined in the copy', (_name, value, rule) => {
    const s = snap({ eip: value });
    expect(problems({ eip: value })).toEqual([`eip = ${rule}`]);
    expect(s.rejected).toEqual(['eip']);
    expect((s.value as { eip?: unknown }).eip).toBeUndefined();
  });

  test('a Proxy is never asked anything (no trap runs)', () => {
    const traps: string[] = [];
    const handler = new Proxy({}, { get: (_t, name) => (traps.push(String(name)), undefined) });
    expect(problems({ havip: new Proxy({}, handler) })).toEqual(['havip = [Proxy]: must be plain data, got a Proxy']);
    expect(traps).toEqual([]);
  });

  test('holes are errors naming their own index; the other entries keep theirs', () => {
    // eslint-disable-next-line no-sparse-arrays
    const s = snap({ nodes: [{ a: 1 }, , { b: new Date(0) }] });
    expect(s.findings.map((f) => f.prop)).toEqual(['nodes[1]', 'nodes[2].b']);
    expect((s.value as { nodes: unknown[] }).nodes).toEqual([{ a: 1 }, undefined, { b: undefined }]);
    expect(s.rejected).toEqual(['nodes[1]', 'nodes[2].b']);
  });

  test('every getter is read exactly once; one that throws is an error', () => {
    let reads = 0;
    const s = snap({ get vpcId() { return `vpc-${++reads}`; }, get bad(): string { throw new Error('no'); } });
    expect(reads).toBe(1);
    expect((s.value as { vpcId: string }).vpcId).toBe('vpc-1');
    expect(problems({ get bad(): string { throw new Error('no'); } })).toEqual(['bad = <unreadable>: must be readable: its getter throws']);
  });

  test('own keys only: an inherited or symbol key is not read; toString is an ordinary key', () => {
    const s = snap({ toString: 'x', [Symbol('s')]: 1 });
    expect(Object.keys(s.value as object)).toEqual(['toString']);
  });

  test('an own "__proto__" key stays a key: it never becomes the prototype of the copy', () => {
    const s = snap(JSON.parse('{"__proto__": {"vpcId": "vpc-evil"}, "a": 1}'));
    expect(Object.getPrototypeOf(s.value)).toBe(Object.prototype);
    expect(Object.keys(s.value as object)).toEqual(['__proto__', 'a']);
    expect((s.value as { vpcId?: string }).vpcId).toBeUndefined();
  });

  test('tokens are kept unread: strings, IResolvable objects and list tokens', () => {
    const resolvable = new Resolvable();
    const s = snap({ a: 'TOKEN', b: resolvable, c: ['LIST_TOKEN'] });
    expect(s.findings).toEqual([]);
    const v = s.value as { a: string; b: unknown; c: string[] };
    expect(v.a).toBe('TOKEN');
    expect(v.b).toBe(resolvable);
    expect(v.c).toEqual(['LIST_TOKEN']);
  });

  test('cycles, depth and size are bounded', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(problems({ a: cycle })).toEqual(['a.self = [object]: must not contain itself']);
    let deep: unknown = 1;
    for (let i = 0; i < MAX_PLAIN_DATA_DEPTH + 2; i++) deep = { d: deep };
    expect(snap(deep).findings.map((f) => f.rule)).toEqual([`must be nested at most ${MAX_PLAIN_DATA_DEPTH} levels deep`]);
    const huge = new Array(1e9);
    expect(problems({ nodes: huge })).toEqual([`nodes = [array of 1000000000]: must have at most ${MAX_PLAIN_DATA_ENTRIES} entries, got 1000000000`]);
  });

  test('keys that are not identifiers are quoted; map props quote every key', () => {
    const s = snapshotPlainData({ 'a b': new Date(0), instance: { tags: { team: new Date(0) } } }, { ...tokenOptions, mapProps: ['instance.tags'] });
    expect(s.findings.map((f) => f.prop)).toEqual(['["a b"]', 'instance.tags["team"]']);
  });
});
