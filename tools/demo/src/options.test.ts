import { describe, expect, it } from 'vitest';
import { parseDemoOptions, usage } from './options';

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
      TWINSYNC_DATA_DIR: 'tmp/demo',
    });
    expect(options).toMatchObject({
      fresh: true,
      dataDir: 'tmp/demo',
      serverPort: 6100,
      crmPort: 6101,
      erpPort: 5102,
      customers: 50,
    });
  });

  it('lets port flags win over the environment', () => {
    const options = parseDemoOptions(['--port', '7100', '--erp-port=0', '--data-dir', 'x'], {
      PORT: '6100',
      MOCK_ERP_PORT: '6102',
    });
    expect(options).toMatchObject({ serverPort: 7100, erpPort: 0, dataDir: 'x' });
  });

  it('rejects a port that is not a number with a message naming the variable', () => {
    expect(() => parseDemoOptions([], { MOCK_ERP_PORT: 'abc' })).toThrow(
      /MOCK_ERP_PORT must be a port number/,
    );
    expect(() => parseDemoOptions(['--crm-port', '70000'], {})).toThrow(
      /--crm-port must be a port number between 0 and 65535, got "70000"/,
    );
  });

  it('rejects a seed or volume that is not a positive whole number', () => {
    expect(() => parseDemoOptions(['--customers', '2.5'], {})).toThrow(/--customers must be/);
    expect(() => parseDemoOptions(['--seed=-1'], {})).toThrow(/--seed must be/);
    expect(() => parseDemoOptions(['--customers', '1000000'], {})).toThrow(/from 20 to 100000/);
    expect(() => parseDemoOptions(['--customers', '19'], {})).toThrow(
      '--customers must be from 20 to 100000, got 19',
    );
  });

  it('rejects unknown flags instead of ignoring them, pointing to --help', () => {
    expect(() => parseDemoOptions(['--frsh'], {})).toThrow(/Unknown option.*\n.*--help/s);
  });

  it('answers help for -h and --help, and the help names every option', () => {
    expect(parseDemoOptions(['-h'], {})).toBe('help');
    expect(parseDemoOptions(['--help', '--fresh'], {})).toBe('help');
    for (const flag of ['--fresh', '--data-dir', '--port', '--crm-port', '--erp-port', '--seed']) {
      expect(usage).toContain(flag);
    }
  });
});
