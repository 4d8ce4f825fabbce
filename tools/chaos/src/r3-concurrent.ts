import { createStore } from '@twinsync/sync-store';
import { checkConsistency, engineOver, startTwoApps } from './harness/two-apps';
import { mulberry32 } from './r1-crash';

export interface ConcurrentOptions {
  /** Coupled customers before the edits start. */
  records: number;
  /** Records the "user" edits (the first N couplings). */
  editedRecords: number;
  /** How long syncs run back to back while the user edits. */
  durationMs: number;
  seed: number;
  /** Most edits made (the user stops earlier when the sync runs are over). */
  maxEdits: number;
}

export interface ConcurrentOutcome {
  edits: number;
  /** Edits whose value was the user's last for that field and is in both apps at the end. */
  survived: number;
  /** Edits not in both apps, but their record has an open error (visible to an admin). */
  visibleAsConflict: number;
  /** Edits gone from both apps without any error: silent overwrites (must be 0). */
  lost: string[];
  /** Same-field edits in both apps (true conflicts): how they ended. */
  bothSides: { records: number; conflicts: number; resolvedSame: number; lost: string[] };
  syncRuns: number;
  /** ERP record updates (user edits and sync writes) while the user edited. */
  writesDuringEdits: number;
}

/** ERP field ↔ CRM field pairs the user edits; each record's field is edited in one app only. */
const fields = [
  { erp: 'phoneNumber', crm: 'telephone1', value: (n: number) => `+1 555 ${n}` },
  { erp: 'city', crm: 'address1_city', value: (n: number) => `City ${n}` },
  { erp: 'email', crm: 'emailaddress1', value: (n: number) => `u${n}@r3.example` },
  { erp: 'displayName', crm: 'name', value: (n: number) => `Edited ${n}` },
] as const;

/**
 * R3: a seeded user edits records in both apps while syncs run. Each field of each record is
 * edited in one app only (chosen per record), so its last value must end up in both apps — or the
 * record must show an open error. A few records also get the same field edited in both apps (a
 * real conflict): those must end as a visible conflict or with both apps agreeing on one edit.
 */
export async function runConcurrentEdits(options: ConcurrentOptions): Promise<ConcurrentOutcome> {
  const apps = await startTwoApps();
  const store = await createStore({ client: 'sqlite', filename: ':memory:' });
  const engine = engineOver(
    store,
    { erp: apps.erp.url, crm: apps.crm.url },
    { maxSleepMs: 20 },
    { batchSize: 25 },
  );
  const random = mulberry32(options.seed);
  try {
    const half = Math.floor(options.records / 2);
    await apps.erp.app.controls.seed(half, options.seed);
    await apps.crm.app.controls.seed(options.records - half, options.seed + 1);
    await engine.runSync({ mapping: 'customers' });
    const couplings = (
      await store.couplings.list({ limit: Math.min(500, options.editedRecords) })
    ).items.filter((c) => c.erpId && c.crmId);
    // Per record and field: which app the user edits it in. The last eighth of the records get
    // their phone edited in both apps (true conflicts).
    const conflictFrom = Math.floor(couplings.length * (7 / 8));
    const owner = couplings.map(() => fields.map(() => (random() < 0.5 ? 'erp' : 'crm')));
    type Edit = {
      coupling: number;
      field: number;
      side: 'erp' | 'crm';
      value: string;
      n: number;
      at: number;
    };
    const edits: Edit[] = [];
    let syncing = true;
    const before = { erp: apps.erp.app.controls.counters().changes.updated };
    const user = (async () => {
      for (let n = 1; n <= options.maxEdits && syncing; n++) {
        const i = Math.floor(random() * couplings.length);
        const c = couplings[i]!;
        const bothSides = i >= conflictFrom;
        const f = bothSides ? 0 : Math.floor(random() * fields.length);
        const side = bothSides ? (random() < 0.5 ? 'erp' : 'crm') : owner[i]![f]!;
        const field = fields[f]!;
        const value = field.value(n);
        try {
          if (side === 'erp')
            await apps.erp.app.controls.editAsUser('customers', c.erpId!, { [field.erp]: value });
          else await apps.crm.app.controls.editAsUser('accounts', c.crmId!, { [field.crm]: value });
          edits.push({ coupling: i, field: f, side, value, n, at: Date.now() });
        } catch {
          // A record the sync deleted meanwhile cannot be edited: not an edit.
        }
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 8)));
      }
    })();
    let syncRuns = 0;
    const end = Date.now() + options.durationMs;
    for (let r = 0; r < 10_000 && Date.now() < end; r++) {
      await engine.runSync({ mapping: 'customers' });
      syncRuns += 1;
    }
    syncing = false;
    await user;
    const writesDuringEdits = apps.erp.app.controls.counters().changes.updated - before.erp;
    for (let r = 0; r < 4; r++) {
      syncRuns += 1;
      const result = await engine.runSync({ mapping: 'customers' });
      if ((result.counters['modified'] ?? 0) === 0 && (result.counters['inserted'] ?? 0) === 0)
        break;
    }

    const companyId = (await apps.erp.app.companies())[0]?.id ?? '';
    const read = async (side: 'erp' | 'crm', id: string) => {
      const url =
        side === 'erp'
          ? `${apps.erp.url}/api/v2.0/companies(${companyId})/customers(${id})`
          : `${apps.crm.url}/api/data/v9.2/accounts(${id})`;
      const response = await fetch(url, {
        headers: {
          authorization: `Bearer ${side === 'erp' ? 'chaos-erp-token' : 'chaos-crm-token'}`,
        },
      });
      if (response.status !== 200) {
        throw new Error(`reading ${side} ${id}: HTTP ${response.status} ${await response.text()}`);
      }
      return (await response.json()) as Record<string, unknown>;
    };
    const hasOpenError = async (couplingId: string) =>
      (await store.errors.list({ limit: 1, filter: { couplingId } })).items.length > 0;

    const time = (at: number | string) => new Date(at).toISOString().slice(11, 23);
    /** What a lost edit's record went through: its edits, its history, the versions recorded. */
    const trail = async (
      index: number,
      erp: Record<string, unknown>,
      crm: Record<string, unknown>,
    ) => {
      const c = couplings[index]!;
      const stored = await store.couplings.get(c.id);
      const history = await store.history.listForRecord({ couplingId: c.id }, { limit: 20 });
      const mine = edits
        .filter((x) => x.coupling === index)
        .map((x) => `${time(x.at)} #${x.n} ${x.side} ${fields[x.field]!.erp}`);
      const events = history.items
        .reverse()
        .map(
          (h) => `${time(h.at)} ${h.direction ?? '-'} ${h.outcome} ${h.changedFields.join(',')}`,
        );
      return [
        `versions recorded erp ${String(stored?.erpVersion)} crm ${String(stored?.crmVersion)}`,
        `apps erp ${String(erp['@odata.etag'])} crm ${String(crm['@odata.etag'])}`,
        `edits: ${mine.join(' | ')}`,
        `history: ${events.join(' | ')}`,
      ].join('; ');
    };

    // The last edit of each (record, field, side).
    const last = new Map<string, Edit>();
    for (const e of edits) last.set(`${e.coupling}/${e.field}/${e.side}`, e);
    let survived = 0;
    let visibleAsConflict = 0;
    const lost: string[] = [];
    const both = { records: 0, conflicts: 0, resolvedSame: 0, lost: [] as string[] };
    const bothSeen = new Set<number>();
    for (const e of last.values()) {
      const c = couplings[e.coupling]!;
      const field = fields[e.field]!;
      const [erp, crm] = await Promise.all([read('erp', c.erpId!), read('crm', c.crmId!)]);
      const erpValue = erp[field.erp];
      const crmValue = crm[field.crm];
      if (e.coupling >= conflictFrom) {
        if (bothSeen.has(e.coupling)) continue;
        bothSeen.add(e.coupling);
        both.records += 1;
        const mine = [
          last.get(`${e.coupling}/${e.field}/erp`)?.value,
          last.get(`${e.coupling}/${e.field}/crm`)?.value,
        ];
        if (await hasOpenError(c.id)) both.conflicts += 1;
        else if (erpValue === crmValue && mine.includes(String(erpValue))) both.resolvedSame += 1;
        else
          both.lost.push(
            `${c.id} ${field.erp}: ERP ${String(erpValue)}, CRM ${String(crmValue)}, edits ${mine.join(' / ')}; ${await trail(e.coupling, erp, crm)}`,
          );
        continue;
      }
      if (erpValue === e.value && crmValue === e.value) survived += 1;
      else if (await hasOpenError(c.id)) visibleAsConflict += 1;
      else {
        lost.push(
          `edit #${e.n} in ${e.side} of ${field.erp}=${e.value}: ERP has ${String(erpValue)}, CRM has ${String(crmValue)}; ${await trail(e.coupling, erp, crm)}`,
        );
      }
    }
    const final = await checkConsistency({ erp: apps.erp.url, crm: apps.crm.url }, store);
    if (
      final.duplicateErpNumbers.length ||
      final.duplicateCrmNumbers.length ||
      final.brokenCouplings.length
    ) {
      lost.push(
        `inconsistent apps: ${JSON.stringify({ ...final, mismatches: final.mismatches.length, uncoupled: final.uncoupled.length })}`,
      );
    }
    return {
      edits: edits.length,
      survived,
      visibleAsConflict,
      lost,
      bothSides: both,
      syncRuns,
      writesDuringEdits,
    };
  } finally {
    await engine.close();
    await store.close();
    await apps.close();
  }
}
