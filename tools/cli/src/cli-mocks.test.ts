import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startCrmHarness,
  startErpHarness,
  type CrmHarness,
  type ErpHarness,
} from '@twinsync/sync-engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './program';

/**
 * The command line as a user runs it: configured only by environment variables (the real
 * `openFromEnv`), against the real ERP and CRM mocks on loopback and a SQLite file.
 */

let dir: string;
let erp: ErpHarness;
let crm: CrmHarness;
let env: Record<string, string>;

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    env,
    io: { out: (t) => out.push(t), err: (t) => err.push(t), interactive: false },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function json<T>(...argv: string[]): Promise<T> {
  const { code, out, err } = await cli('--json', ...argv);
  if (code !== 0) throw new Error(`twinsync ${argv.join(' ')} exited ${code}: ${err}`);
  return JSON.parse(out) as T;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'twinsync-cli-mocks-'));
  [erp, crm] = await Promise.all([startErpHarness(), startCrmHarness()]);
  env = {
    ERP_URL: erp.mock.url,
    ERP_TOKEN: 'erp-token',
    CRM_URL: crm.url,
    CRM_TOKEN: crm.token,
    DATABASE_URL: join(dir, 'twinsync.sqlite'),
    TWINSYNC_ACTOR: 'cli-test',
  };
  await erp.mock.app.controls.seed(8, 17);
  await crm.insert('accounts', { name: 'From The CRM', accountnumber: 'FROMCRM1' });
});

afterAll(async () => {
  await Promise.all([erp.close(), crm.close()]);
  rmSync(dir, { recursive: true, force: true });
});

interface SyncResult {
  mappingId: string;
  status: string;
  counters: Record<string, number>;
  decisions: { action: string }[];
}

describe('twinsync against both real mock apps, configured by environment', () => {
  it('sync --dry-run reports the creates both ways and writes nothing', async () => {
    const [result] = await json<SyncResult[]>('sync', '--mapping', 'customers', '--dry-run');
    expect(result?.counters['inserted']).toBe(9);
    expect(result?.decisions.filter((d) => d.action === 'create-erp')).toHaveLength(1);
    expect(await crm.all('accounts')).toHaveLength(1);
    expect(await erp.all('customers')).toHaveLength(8);
  });

  it('sync creates both ways and status shows every pair coupled', async () => {
    const [result] = await json<SyncResult[]>('sync', '--mapping', 'customers');
    expect(result).toMatchObject({ status: 'succeeded', counters: { inserted: 9 } });
    expect(await crm.all('accounts')).toHaveLength(9);
    expect((await erp.all('customers')).some((c) => c['number'] === 'FROMCRM1')).toBe(true);
    const status = await json<{ mappings: { id: string; coupled: number }[] }>('status');
    expect(status.mappings.find((m) => m.id === 'customers')?.coupled).toBe(9);
  });

  it('a conflict is listed, logged, and resolved by synchronize --winner crm', async () => {
    const [customer] = await erp.all('customers');
    const number = String(customer?.['number']);
    const account = (await crm.all('accounts')).find((a) => a['accountnumber'] === number);
    await erp.mock.app.controls.editAsUser('customers', String(customer?.['id']), {
      displayName: 'Edited In ERP',
    });
    await crm.mock.app.controls.editAsUser('accounts', String(account?.['accountid']), {
      name: 'Edited In CRM',
    });
    const plain = await cli('sync', '--mapping', 'customers', '--direction', 'both');
    expect(plain.code).toBe(0);
    expect(plain.out).toContain('conflicts');
    const errors = await json<{ kind: string; recordNumber: string }[]>(
      'errors',
      '--kind',
      'conflict',
    );
    expect(errors).toEqual([expect.objectContaining({ kind: 'conflict', recordNumber: number })]);
    const log = await cli('log', number);
    expect(log.out).toContain('conflict');
    const fixed = await json<{ outcomes: { status: string }[] }>(
      'synchronize',
      '--winner',
      'crm',
      number,
    );
    expect(fixed.outcomes).toEqual([expect.objectContaining({ status: 'succeeded' })]);
    const after = (await erp.all('customers')).find((c) => c['number'] === number);
    expect(after?.['displayName']).toBe('Edited In CRM');
    expect(await json<unknown[]>('errors')).toHaveLength(0);
  });

  it('remove-coupling then couple pairs the two records again', async () => {
    const customer = (await erp.all('customers')).find((c) => c['number'] === 'FROMCRM1');
    const account = (await crm.all('accounts')).find((a) => a['accountnumber'] === 'FROMCRM1');
    const removed = await json<{ outcomes: { status: string }[] }>('remove-coupling', 'FROMCRM1');
    expect(removed.outcomes[0]?.status).toBe('succeeded');
    const status = await json<{ mappings: { id: string; coupled: number }[] }>('status');
    expect(status.mappings.find((m) => m.id === 'customers')?.coupled).toBe(8);
    const coupled = await cli(
      'couple',
      String(customer?.['id']),
      String(account?.['accountid']),
      '--mapping',
      'customers',
    );
    expect(coupled.code).toBe(0);
    const again = await json<{ mappings: { id: string; coupled: number }[] }>('status');
    expect(again.mappings.find((m) => m.id === 'customers')?.coupled).toBe(9);
  });

  it('sync --sweep finds a customer deleted in the ERP and lists it as a deletion error', async () => {
    const gone = (await erp.all('customers')).find((c) => c['number'] !== 'FROMCRM1');
    await erp.mock.app.controls.deleteAsUser('customers', String(gone?.['id']));
    const plain = await json<SyncResult[]>('sync', '--mapping', 'customers');
    expect(plain[0]?.counters['failed']).toBe(0);
    const swept = await json<SyncResult[]>('sync', '--mapping', 'customers', '--sweep');
    expect(swept[0]?.counters['failed']).toBe(1);
    const errors = await json<{ kind: string; state: string; erpId: string }[]>('errors');
    expect(errors).toEqual([
      expect.objectContaining({ kind: 'deleted', state: 'deleted-in-erp', erpId: gone?.['id'] }),
    ]);
  });

  it('sync-record syncs one coupled record by its number, and an uncoupled one by app id', async () => {
    const [customer, other] = (await erp.all('customers')).filter(
      (c) => c['number'] !== 'FROMCRM1',
    );
    await erp.mock.app.controls.editAsUser('customers', String(customer?.['id']), {
      phoneNumber: '+1 555 0123',
    });
    await erp.mock.app.controls.editAsUser('customers', String(other?.['id']), {
      phoneNumber: '+1 555 0456',
    });
    const one = await json<{ status: string; counters: Record<string, number> }>(
      'sync-record',
      String(customer?.['number']),
    );
    expect(one).toMatchObject({ status: 'succeeded', counters: { modified: 1 } });
    const byNumber = (n: unknown) =>
      crm.all('accounts').then((a) => a.find((r) => r['accountnumber'] === n));
    expect((await byNumber(customer?.['number']))?.['telephone1']).toBe('+1 555 0123');
    expect((await byNumber(other?.['number']))?.['telephone1']).not.toBe('+1 555 0456');
    const loose = await crm.insert('accounts', { name: 'Loose Co', accountnumber: 'LOOSE1' });
    const refused = await cli('sync-record', loose);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('give --mapping');
    const created = await json<{ status: string; counters: Record<string, number> }>(
      'sync-record',
      loose,
      '--mapping',
      'customers',
      '--side',
      'crm',
    );
    expect(created).toMatchObject({ status: 'succeeded', counters: { inserted: 1 } });
    expect((await erp.all('customers')).some((c) => c['number'] === 'LOOSE1')).toBe(true);
  });

  it('an unknown mapping is refused with the known ones listed', async () => {
    const bad = await cli('sync', '--mapping', 'vendors');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('known: customers');
  });
});
