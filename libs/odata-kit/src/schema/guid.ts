const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(text: string): boolean {
  return guidPattern.test(text);
}

/** Lower-case form used for storage and comparison. */
export function normalizeGuid(text: string): string {
  return text.toLowerCase();
}
