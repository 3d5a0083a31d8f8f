// Terraform values on the wire: tfplugin5 DynamicValue carries cty values as msgpack. Objects are
// maps holding every attribute, lists and sets are arrays, and a value Terraform does not know yet
// is a msgpack extension (type 0; type 12 when Terraform adds refinements such as "not null").
import { decode, encode, ExtensionCodec } from '@msgpack/msgpack';

/** A value that is "known after apply". */
export class Unknown {
  private constructor() {}
  /** The one unknown value. */
  static readonly value = new Unknown();
}

/** A decoded cty value. */
export type CtyValue = null | string | number | boolean | Unknown | CtyValue[] | { [key: string]: CtyValue };

/** An object value (resource, data source or provider configuration, nested block). */
export type CtyObject = { [key: string]: CtyValue };

const UNKNOWN_EXT = 0;
const REFINED_UNKNOWN_EXT = 12;

const codec = new ExtensionCodec();
codec.register({
  type: UNKNOWN_EXT,
  encode: (input) => (input instanceof Unknown ? new Uint8Array([0]) : null),
  decode: () => Unknown.value,
});
codec.register({ type: REFINED_UNKNOWN_EXT, encode: () => null, decode: () => Unknown.value });

/** Decodes a DynamicValue's msgpack bytes; empty bytes are a null value. */
export function decodeValue(bytes: Uint8Array | undefined): CtyValue {
  if (bytes === undefined || bytes.length === 0) return null;
  return decode(bytes, { extensionCodec: codec }) as CtyValue;
}

/** Encodes a value as DynamicValue msgpack bytes. */
export function encodeValue(value: CtyValue): Buffer {
  const bytes = encode(value, { extensionCodec: codec });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function isObject(value: CtyValue | undefined): value is CtyObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unknown);
}

/** Whether a value holds no unknown anywhere inside it. */
export function isWhollyKnown(value: CtyValue): boolean {
  if (value instanceof Unknown) return false;
  if (Array.isArray(value)) return value.every(isWhollyKnown);
  if (isObject(value)) return Object.values(value).every(isWhollyKnown);
  return true;
}
