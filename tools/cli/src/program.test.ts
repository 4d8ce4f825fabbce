import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSyncEngine, type TwinSyncEngine } from '@twinsync/sync-engine';
import {
  createMemoryApp,
  startErpHarness,
  type ErpHarness,
  type MemoryApp,
} from '@twinsync/sync-engine/testing';
import { createStore } from '@twinsync/sync-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenContext } from './context';
import { runCli } from './program';

let dir: string;
let erp: ErpHarness;
let crm: MemoryApp;

/** Every invocation opens the same SQLite file, like separate CLI processes would. */
const open: OpenContext = async () => {
  const store = await createStore({ databaseUrl: join(dir, 'cli.sqlite') });
  let engine: TwinSyncEngine | null = null;
  return {
    store,
    engine() {
      engine ??= createSyncEngine({ store, erp: erp.app, crm });
      return engine;
    },
    async close() {
      await engine?.close();
      await store.close();
    },
  };
};

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    env: { TWINSYNC_ACTOR: 'tester' },
    io: { out: (t) => out.push(t), err: (t) => err.push(t), interactive: false },
    open,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'twinsync-cli-'));
  erp = await startErpHarness();
  await erp.mock.app.controls.seed(20, 3);
  crm = createMemoryApp('crm', { key: 'accountid' });
});

afterAll(async () => {
  await erp.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the twinsync command line', () => {
  it('a dry run reports the creates it would make and writes nothing', async () => {
    const { code, out } = await cli('--json', 'sync', '--mapping', 'customers', '--dry-run');
    expect(code).toBe(0);
    const [result] = JSON.parse(out) as { counters: { inserted: number }; decisions: unknown[] }[];
    expect(result?.counters.inserted).toBe(20);
    expect(result?.decisions).toHaveLength(20);
    expect(crm.records.size).toBe(0);
  });

  it('sync creates the CRM accounts and status shows them coupled', async () => {
    const synced = await cli('--json', 'sync', '--mapping', 'customers');
    expect(synced.code).toBe(0);
    expect(crm.records.size).toBe(20);
    const status = await cli('--json', 'status');
    const parsed = JSON.parse(status.out) as { mappings: { id: string; coupled: number }[] };
    expect(parsed.mappings.find((m) => m.id === 'customers')?.coupled).toBe(20);
  });

  it('a conflict shows in errors and log, and synchronize --winner erp resolves it', async () => {
    const [customer] = await erp.all('customers');
    const number = String(customer?.['number']);
    const account = [...crm.records.entries()].find(([, r]) => r['accountnumber'] === number);
    await erp.mock.app.controls.editAsUser('customers', String(customer?.['id']), {
      displayName: 'ERP side',
    });
    crm.edit(account?.[0] ?? '', { name: 'CRM side' });
    await cli('sync', '--mapping', 'customers');
    const errors = await cli('--json', 'errors', '--kind', 'conflict');
    expect(JSON.parse(errors.out)).toHaveLength(1);
    const log = await cli('log', number);
    expect(log.out).toContain('conflict');
    const fixed = await cli('--json', 'synchronize', '--winner', 'erp', number);
    expect(fixed.code).toBe(0);
    expect(crm.records.get(account?.[0] ?? '')?.['name']).toBe('ERP side');
    const after = await cli('--json', 'errors');
    expect(JSON.parse(after.out)).toHaveLength(0);
  });

  it("missing arguments and options are refused with commander's message and exit code 2", async () => {
    const noWinner = await cli('synchronize', 'C00010');
    expect(noWinner.code).toBe(2);
    expect(noWinner.err).toContain("required option '--winner <side>' not specified");
    const noIds = await cli('retry');
    expect(noIds.code).toBe(2);
    expect(noIds.err).toContain("missing required argument 'ids'");
    const badWinner = await cli('synchronize', '--winner', 'both', 'C00010');
    expect(badWinner.code).toBe(2);
    expect(badWinner.err).toContain('--winner must be erp or crm, got "both"');
    const badLimit = await cli('log', 'C00010', '--limit', 'lots');
    expect(badLimit.code).toBe(2);
    expect(badLimit.err).toContain('--limit must be a whole number from 1 to 1000, got "lots"');
    const unknownCommand = await cli('resync');
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.err).toContain("unknown command 'resync'");
  });

  it('invalid options are refused with a message and exit code 2', async () => {
    const bad = await cli('sync', '--direction', 'sideways');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--direction must be one of');
    const unknown = await cli('retry', 'NO-SUCH-RECORD');
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('No coupled record');
  });
});
