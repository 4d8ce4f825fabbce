import { describe, expect, it } from 'vitest';
import { parseDemoOptions } from './options';

describe('demo options', () => {
  it('defaults to the documented ports, data folder and seed', () => {
    expect(parseDemoOptions([], {})).toEqual({
      fresh: false,
      dataDir: 'data/demo',
      serverPort: 5100,
      crmPort: 5101,
      erpPort: 5102,
      customers: 300,
      seed: 42,
      skipPortalBuild: false,
    });
  });

  it('takes ports from the environment and --fresh from the command line', () => {
    const options = parseDemoOptions(['--fresh', '--customers', '50'], {
      PORT: '6100',
      MOCK_CRM_PORT: '6101',
    });
    expect(options).toMatchObject({
      fresh: true,
      serverPort: 6100,
      crmPort: 6101,
      erpPort: 5102,
      customers: 50,
    });
  });

  it('rejects a port that is not a number with a message naming the variable', () => {
    expect(() => parseDemoOptions([], { MOCK_ERP_PORT: 'abc' })).toThrow(
      /MOCK_ERP_PORT must be a port number/,
    );
  });

  it('rejects unknown flags instead of ignoring them', () => {
    expect(() => parseDemoOptions(['--frsh'], {})).toThrow(/Unknown option/);
  });

  it('answers help for -h', () => {
    expect(parseDemoOptions(['-h'], {})).toBe('help');
  });
});
