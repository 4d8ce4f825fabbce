import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors/domain-errors';
import { decodeCursor, encodeCursor } from './keyset-cursor';

describe('keyset cursor', () => {
  it('decodes what it encoded', () => {
    const position = { value: '2025-01-02T03:04:05.000Z', id: 'e-17' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('rejects a cursor it did not make with an error naming the cursor field', () => {
    expect(() => decodeCursor('not-a-cursor')).toThrow(InvalidInputError);
    expect(() => decodeCursor(Buffer.from('[1]').toString('base64url'))).toThrow(/cursor/);
  });
});
