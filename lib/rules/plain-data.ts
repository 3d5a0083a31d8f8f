// Props are plain data, read once. This turns whatever a caller passed (typed props, plain
// JavaScript, a getter, a proxy, a Map) into a frozen copy made only of object literals, dense
// arrays, primitives and tokens, reading every property exactly once. Anything else is an error
// finding, and its place in the copy is left undefined so the rules that follow do not report it
// twice (`rejected` lists those places).
import { types } from 'node:util';
import { error, ValueLabel, type Finding } from './finding';

export const PLAIN_DATA_SOURCE =
  'HaVipClusterProps are plain data (object literals, arrays without holes, strings, numbers, booleans, tokens), read once';
/** Deeper than any prop (props.keepalived.healthCheck.script is 3 levels); guards against cycles. */
export const MAX_PLAIN_DATA_DEPTH = 8;
/** More entries than any list the cluster accepts can hold (the 32 KB user_data bounds the members). */
export const MAX_PLAIN_DATA_ENTRIES = 4096;

export interface PlainDataSnapshot {
  /** The frozen copy. */
  readonly value: unknown;
  /** One error per value that is not plain data. */
  readonly findings: readonly Finding[];
  /** The props whose values were rejected (undefined in the copy). */
  readonly rejected: readonly string[];
}

export interface PlainDataOptions {
  /** Tells tokens apart: a token is kept as it is, unread. */
  readonly isToken: (value: unknown) => boolean;
  /** The props whose keys are data (tag keys), shown as `prop["key"]`. */
  readonly mapProps?: readonly string[];
}

/** Copies `value` (the prop `prop`, '' for the props themselves) into frozen plain data. */
export function snapshotPlainData(value: unknown, options: PlainDataOptions, prop = ''): PlainDataSnapshot {
  const findings: Finding[] = [];
  const rejected: string[] = [];
  const isToken = (v: unknown) => {
    try {
      return options.isToken(v);
    } catch {
      return false;
    }
  };
  const reject = (at: string, given: unknown, rule: string) => {
    findings.push(error(at || 'props', given, rule, PLAIN_DATA_SOURCE));
    rejected.push(at || 'props');
    return undefined;
  };
  const childProp = (parent: string, key: string) => {
    if (options.mapProps?.includes(parent)) return `${parent}[${JSON.stringify(key)}]`;
    if (/^[A-Za-z_$][\w$]*$/.test(key)) return parent ? `${parent}.${key}` : key;
    return `${parent}[${JSON.stringify(key)}]`;
  };
  const ancestors = new Set<object>();

  const copy = (v: unknown, at: string, depth: number): unknown => {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) {
      return typeof v === 'symbol' || typeof v === 'bigint' ? reject(at, new ValueLabel(`[${typeof v}]`), `must be plain data, got a ${typeof v}`) : v;
    }
    // Checked before anything that could run a proxy trap.
    if (types.isProxy(v)) return reject(at, new ValueLabel('[Proxy]'), 'must be plain data, got a Proxy');
    const kind = kindOf(v);
    if (kind !== 'object' && kind !== 'array') {
      if (isToken(v)) return v; // an IResolvable: cdktf resolves it at synth
      return reject(at, new ValueLabel(`[${kind}]`), `must be plain data (an object literal or an array), got ${article(kind)}`);
    }
    if (kind === 'array') {
      // A list token (`Token.asList`) is an array of one token string; read without running getters.
      const first = Object.getOwnPropertyDescriptor(v, 0);
      if ((v as unknown[]).length === 1 && first && 'value' in first && typeof first.value === 'string' && isToken([first.value])) {
        return Object.freeze([first.value]);
      }
    }
    if (ancestors.has(v)) return reject(at, new ValueLabel(`[${kind}]`), 'must not contain itself');
    if (depth >= MAX_PLAIN_DATA_DEPTH) return reject(at, new ValueLabel(`[${kind}]`), `must be nested at most ${MAX_PLAIN_DATA_DEPTH} levels deep`);
    ancestors.add(v);
    try {
      if (kind === 'array') {
        const array = v as unknown[];
        const length = array.length;
        if (length > MAX_PLAIN_DATA_ENTRIES) return reject(at, new ValueLabel(`[array of ${length}]`), `must have at most ${MAX_PLAIN_DATA_ENTRIES} entries, got ${length}`);
        const out: unknown[] = [];
        for (let i = 0; i < length; i++) {
          const entry = `${at}[${i}]`;
          if (!Object.prototype.hasOwnProperty.call(array, i)) {
            out.push(reject(entry, new ValueLabel('<hole>'), 'must not be a hole in the array: every entry must be given'));
          } else {
            out.push(read(array, i, entry, depth));
          }
        }
        return Object.freeze(out);
      }
      const object = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(object)) {
        // defineProperty, not assignment: an own "__proto__" key stays a key (an unknown prop), never a prototype.
        Object.defineProperty(out, key, { value: read(object, key, childProp(at, key), depth), enumerable: true, writable: true, configurable: true });
      }
      return Object.freeze(out);
    } finally {
      ancestors.delete(v);
    }
  };
  const read = (container: object, key: string | number, at: string, depth: number): unknown => {
    let v: unknown;
    try {
      v = (container as Record<string | number, unknown>)[key];
    } catch {
      return reject(at, new ValueLabel('<unreadable>'), 'must be readable: its getter throws');
    }
    return copy(v, at, depth + 1);
  };

  let result: unknown;
  try {
    result = copy(value, prop, 0);
  } catch {
    result = reject(prop, new ValueLabel('<unreadable>'), 'must be readable plain data'); // e.g. Object.keys on a revoked object
  }
  return { value: result, findings, rejected };
}

/** `object` (a literal or Object.create(null)), `array`, or what else it is: `Map`, `Date`, `class Foo instance`, `function`. */
function kindOf(v: object): string {
  if (typeof v === 'function') return 'function';
  if (Array.isArray(v)) return Object.getPrototypeOf(v) === Array.prototype ? 'array' : 'Array subclass';
  if (types.isMap(v)) return 'Map';
  if (types.isSet(v)) return 'Set';
  if (types.isDate(v)) return 'Date';
  if (types.isRegExp(v)) return 'RegExp';
  if (types.isPromise(v)) return 'Promise';
  if (types.isBoxedPrimitive(v)) return 'boxed primitive';
  if (types.isTypedArray(v) || types.isArrayBuffer(v)) return 'binary buffer';
  if (types.isWeakMap(v) || types.isWeakSet(v)) return 'weak collection';
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) return 'object';
  const ctor = proto && Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
  const name = typeof ctor === 'function' ? Object.getOwnPropertyDescriptor(ctor, 'name')?.value : undefined;
  return typeof name === 'string' && /^[A-Za-z_$][\w$]{0,63}$/.test(name) ? `${name} instance` : 'object with a prototype';
}

function article(kind: string): string {
  return /^[AEIOU]/i.test(kind) ? `an ${kind}` : `a ${kind}`;
}

/** Whether `prop` is `rejected` or lies inside it (`nodes[0]` inside `nodes`). */
export function isInside(prop: string, rejected: string): boolean {
  return prop === rejected || prop.startsWith(`${rejected}.`) || prop.startsWith(`${rejected}[`) || prop.startsWith(`${rejected} `);
}
