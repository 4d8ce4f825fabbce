import { randomUUID } from 'node:crypto';
import type {
  AppError,
  AppPort,
  AppRecord,
  ChangePage,
  Side,
  WriteOp,
  WriteOutcome,
} from '../ports';

/**
 * An in-memory app for fast engine tests: records with etags, a change log with tombstones
 * (tokens are sequence numbers), conditional writes (stale etag → version-mismatch), an optional
 * validator and injectable transient failures. Not a mock of either real API — those are tested
 * against the real mock servers.
 */
export interface MemoryApp extends AppPort {
  readonly records: Map<string, Record<string, unknown>>;
  /** A user edit: new values, new etag, a change entry. */
  edit(id: string, patch: Record<string, unknown>): void;
  insert(values: Record<string, unknown>, id?: string): string;
  remove(id: string): void;
  /** The next `count` write operations fail with a transient error. */
  failNextWrites(count: number, error?: Partial<AppError>): void;
  /** Refuses writes whose values fail this check (a validation error). */
  validator: ((values: Record<string, unknown>) => string | null) | null;
  writes: number;
  /** How many full value scans (match indexes) were made. */
  valueScans: number;
  /** How many filtered match queries were made. */
  matchQueries: number;
  /** How many records `changes` handed out (change-feed reads). */
  changeReads: number;
  /** Runs before each write batch is applied (e.g. to simulate a user edit at that moment). */
  beforeWrite: (() => void) | null;
}

export function createMemoryApp(side: Side, options: { pageSize?: number; key?: string } = {}) {
  const key = options.key ?? 'id';
  const pageSize = options.pageSize ?? 100;
  const records = new Map<string, Record<string, unknown>>();
  const log: { seq: number; id: string; deleted: boolean }[] = [];
  let seq = 0;
  let version = 0;
  let failures: { count: number; error: AppError } = {
    count: 0,
    error: { kind: 'transport', transient: true, status: 503, code: '', message: 'unavailable' },
  };

  const etagOf = (r: Record<string, unknown>) => String(r['@odata.etag']);
  const toRecord = (r: Record<string, unknown>): AppRecord => ({
    id: String(r[key]),
    etag: etagOf(r),
    raw: { ...r },
  });
  function touch(id: string, deleted = false) {
    seq += 1;
    log.push({ seq, id, deleted });
  }
  function store(id: string, values: Record<string, unknown>) {
    version += 1;
    records.set(id, { ...values, [key]: id, '@odata.etag': `W/"${version}"` });
    touch(id);
  }

  const app: MemoryApp = {
    side,
    baseUrl: `memory://${side}`,
    batchLimit: side === 'erp' ? 100 : 1000,
    records,
    validator: null,
    writes: 0,
    valueScans: 0,
    matchQueries: 0,
    changeReads: 0,
    beforeWrite: null,
    edit(id, patch) {
      const current = records.get(id);
      if (!current) throw new Error(`no record ${id}`);
      store(id, { ...current, ...patch });
    },
    insert(values, id = randomUUID()) {
      store(id, values);
      return id;
    },
    remove(id) {
      records.delete(id);
      touch(id, true);
    },
    failNextWrites(count, error) {
      failures = { count, error: { ...failures.error, ...error } };
    },
    async *changes(_entity, token): AsyncGenerator<ChangePage> {
      await Promise.resolve();
      const from = token === null ? 0 : Number(token);
      const latest = new Map<string, { seq: number; deleted: boolean }>();
      for (const entry of log) if (entry.seq > from) latest.set(entry.id, entry);
      const entries = [...latest.entries()].sort((a, b) => a[1].seq - b[1].seq);
      if (entries.length === 0) {
        yield { upserts: [], deletions: [], token: String(seq) };
        return;
      }
      for (let i = 0; i < entries.length; i += pageSize) {
        const page = entries.slice(i, i + pageSize);
        const upserts: AppRecord[] = [];
        const deletions: string[] = [];
        for (const [id, entry] of page) {
          const record = records.get(id);
          if (record) upserts.push(toRecord(record));
          else if (entry.deleted && token !== null) deletions.push(id);
        }
        const last = page.at(-1)?.[1].seq ?? seq;
        app.changeReads += upserts.length;
        yield { upserts, deletions, token: String(last) };
      }
    },
    getMany(_entity, ids) {
      const out = new Map<string, AppRecord>();
      for (const id of ids) {
        const r = records.get(id);
        if (r) out.set(id, toRecord(r));
      }
      return Promise.resolve(out);
    },
    findByField(_entity, field, values) {
      app.matchQueries += 1;
      const wanted = new Set(values);
      return Promise.resolve(
        [...records.values()].filter((r) => wanted.has(r[field] as string)).map(toRecord),
      );
    },
    async *listIds() {
      await Promise.resolve();
      yield [...records.keys()];
    },
    async *listIdsWithToken() {
      await Promise.resolve();
      // One synchronous read: the ids and the change sequence of the same moment.
      yield { ids: [...records.keys()], token: String(seq) };
    },
    async *listValues(_entity, field) {
      await Promise.resolve();
      app.valueScans += 1;
      yield [...records.entries()].map(([id, r]) => ({ id, value: r[field] }));
    },
    write(_entity, ops: readonly WriteOp[]): Promise<WriteOutcome[]> {
      app.beforeWrite?.();
      return Promise.resolve(
        ops.map((op): WriteOutcome => {
          app.writes += 1;
          if (failures.count > 0) {
            failures.count -= 1;
            return { ok: false, error: failures.error };
          }
          const fail = (kind: AppError['kind'], message: string): WriteOutcome => ({
            ok: false,
            error: { kind, transient: false, status: 400, code: '', message },
          });
          const current = records.get(op.id);
          if (op.type !== 'delete' && app.validator) {
            const problem = app.validator({ ...current, ...op.values });
            if (problem) return fail('validation', problem);
          }
          switch (op.type) {
            case 'create':
              if (current)
                return { ok: true, id: op.id, record: toRecord(current), alreadyExisted: true };
              store(op.id, { ...op.values });
              return {
                ok: true,
                id: op.id,
                record: toRecord(records.get(op.id) ?? {}),
                alreadyExisted: false,
              };
            case 'update':
              if (!current) return fail('not-found', 'gone');
              if (etagOf(current) !== op.etag) return fail('version-mismatch', 'changed meanwhile');
              store(op.id, { ...current, ...op.values });
              return {
                ok: true,
                id: op.id,
                record: toRecord(records.get(op.id) ?? {}),
                alreadyExisted: false,
              };
            case 'delete':
              if (!current) return fail('not-found', 'gone');
              if (etagOf(current) !== op.etag) return fail('version-mismatch', 'changed meanwhile');
              records.delete(op.id);
              touch(op.id, true);
              return { ok: true, id: op.id, record: null, alreadyExisted: false };
          }
        }),
      );
    },
    planId: () => randomUUID(),
    probe: () =>
      Promise.resolve({ stage: 'ok', baseUrl: `memory://${side}`, latencyMs: 0, message: 'ok' }),
  };
  return app;
}
