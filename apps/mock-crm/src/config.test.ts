import { describe, expect, it } from 'vitest';
import { readEnv } from './config';

describe('readEnv', () => {
  it('defaults to port 5101, token dev-token and an in-memory store', () => {
    expect(readEnv({})).toEqual({
      port: 5101,
      host: '127.0.0.1',
      token: 'dev-token',
      db: ':memory:',
      log: true,
    });
  });

  it('reads MOCK_CRM_PORT, MOCK_CRM_TOKEN, MOCK_CRM_DB and MOCK_LOG', () => {
    expect(
      readEnv({ MOCK_CRM_PORT: '0', MOCK_CRM_TOKEN: 'abc', MOCK_CRM_DB: 'crm.db', MOCK_LOG: '0' }),
    ).toMatchObject({ port: 0, token: 'abc', db: 'crm.db', log: false });
  });

  it('refuses a port that is not a number from 0 to 65535 with a clear message', () => {
    expect(() => readEnv({ MOCK_CRM_PORT: 'eighty' })).toThrow(/MOCK_CRM_PORT .*'eighty'/);
    expect(() => readEnv({ MOCK_CRM_PORT: '70000' })).toThrow(/MOCK_CRM_PORT/);
  });
});
