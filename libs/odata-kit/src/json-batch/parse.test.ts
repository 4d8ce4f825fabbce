import { describe, expect, it } from 'vitest';
import { parseJsonBatch } from './parse';
import { JsonBatchFormatError } from './types';

const op = (extra: Record<string, unknown> = {}) => ({ method: 'GET', url: 'companies', ...extra });

describe('parseJsonBatch', () => {
  it('accepts operations without ids, as Business Central does', () => {
    const [item] = parseJsonBatch({ requests: [op()] }, { maxOperations: 100 });
    expect(item).toEqual({ method: 'GET', url: 'companies', headers: {}, dependsOn: [] });
  });

  it('lower-cases header names and keeps bodies', () => {
    const [item] = parseJsonBatch(
      { requests: [op({ id: '1', method: 'post', headers: { 'If-Match': '*' }, body: { a: 1 } })] },
      { maxOperations: 100 },
    );
    expect(item).toMatchObject({
      id: '1',
      method: 'POST',
      headers: { 'if-match': '*' },
      body: { a: 1 },
    });
  });

  it.each([
    [null, /requests/],
    [{ requests: [] }, /no operations/],
    [{ requests: [op(), op(), op()] }, /3 operations; the maximum is 2/],
    [{ requests: [op({ method: 'MERGE' })] }, /method/],
    [{ requests: [op({ url: '' })] }, /url/],
    [{ requests: [op({ id: 'a' }), op({ id: 'a' })] }, /used twice/],
    [
      { requests: [op({ id: 'a', dependsOn: ['b'] }), op({ id: 'b' })] },
      /not an earlier operation/,
    ],
    [{ requests: [op({ headers: { x: 1 } })] }, /headers\.x/],
    [{ requests: [op({ atomicityGroup: 'g' })] }, /Isolation: snapshot/],
  ])('rejects a malformed batch %# with a clear message', (body, message) => {
    expect(() => parseJsonBatch(body, { maxOperations: 2 })).toThrow(JsonBatchFormatError);
    expect(() => parseJsonBatch(body, { maxOperations: 2 })).toThrow(message);
  });
});
