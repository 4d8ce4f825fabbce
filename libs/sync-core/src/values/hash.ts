import type { FieldValue, FieldValues } from './field-value';

/**
 * A stable 53-bit hash of canonical values (cyrb53 over a typed serialisation), as 14 hex digits.
 * Key order does not matter; `1` and `'1'` and `true` hash differently; a missing field hashes as
 * null. Only the listed fields count when `fields` is given, so unmapped fields never change it.
 */
export function hashValues(values: FieldValues, fields?: readonly string[]): string {
  const keys = fields ? [...fields].sort() : Object.keys(values).sort();
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const feed = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
  };
  for (const key of keys) {
    feed(key);
    feed('\u0001');
    feed(encode(values[key] ?? null));
    feed('\u0002');
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hi = (h2 >>> 0) & 0x1fffff;
  return hi.toString(16).padStart(6, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

function encode(value: FieldValue): string {
  if (value === null) return 'n';
  if (typeof value === 'string') return `s${value}`;
  if (typeof value === 'number') return `d${Object.is(value, -0) ? '0' : String(value)}`;
  return value ? 'T' : 'F';
}
