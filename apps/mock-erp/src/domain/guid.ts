const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return guidPattern.test(value);
}

/** Produces version-4-shaped GUIDs from any source of 32-bit integers (seeded PRNG or crypto). */
export function guidFrom(nextUint32: () => number): string {
  const hex = Array.from({ length: 4 }, () =>
    (nextUint32() >>> 0).toString(16).padStart(8, '0'),
  ).join('');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
