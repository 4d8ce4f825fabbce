import { timingSafeEqual } from 'node:crypto';
import { notificationRecordId, type ErpNotification } from '@twinsync/connectors';
import type { ChangeToQueue, Store, WebhookSubscription } from '@twinsync/sync-store';
import express, { type Router } from 'express';
import type { EngineLogger } from './ports';
import type { LiveStats } from './stats';

export interface ReceiverDeps {
  store: Store;
  now: () => Date;
  /** A notification's record becomes due this long after the latest notice of it (debounce). */
  debounceMs: number;
  stats: LiveStats;
  logger: EngineLogger;
  /** Whether live sync is running (else 503: the ERP retries later) and the mapping is live. */
  running(): boolean;
  isLive(mappingId: string): boolean;
  /** A `collection` notification (too many changes to list): run an incremental job instead. */
  onCollection(mappingId: string): Promise<void>;
}

export interface ReceiverAnswer {
  status: number;
  contentType: 'text/plain' | 'application/json';
  body: string;
}

/** The path the receiver is mounted on, relative to the server's origin. */
export const receiverPath = '/webhooks/erp';

const maxRecordIdLength = 64;

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || expected === '') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const badRequest = (message: string): ReceiverAnswer => ({
  status: 400,
  contentType: 'application/json',
  body: JSON.stringify({ error: { code: 'BadRequest', message } }),
});

function isNotification(x: unknown): x is ErpNotification {
  if (typeof x !== 'object' || x === null) return false;
  const n = x as Record<string, unknown>;
  return (
    typeof n['subscriptionId'] === 'string' &&
    typeof n['resource'] === 'string' &&
    typeof n['changeType'] === 'string'
  );
}

/**
 * The ERP's notification endpoint. The validation handshake (`?validationToken=`) is echoed as
 * text/plain. A batch of notifications is checked against the stored subscriptions (its
 * subscription's clientState secret, compared in constant time), its records are queued durably
 * in the store's change queue (one entry per record, the due time pushed back on every notice:
 * coalesced and debounced), and only then answered 202 — within one small store transaction, so
 * the ERP never waits for a sync. Forged notifications are ignored and counted.
 */
export function createReceiver(deps: ReceiverDeps) {
  const { store, stats } = deps;

  function subscriptionOf(n: ErpNotification, rows: readonly WebhookSubscription[]) {
    const erpRows = rows.filter((r) => r.id.startsWith('erp:'));
    const byId = erpRows.find((r) => r.subscriptionId === n.subscriptionId);
    if (byId) return sameSecret(n.clientState, byId.clientState) ? byId : undefined;
    // A notification may race the save of a new subscription's id: its secret still names it.
    return erpRows.find(
      (r) => r.subscriptionId === null && sameSecret(n.clientState, r.clientState),
    );
  }

  async function handle(url: string, body: unknown): Promise<ReceiverAnswer> {
    const token = new URL(url, 'http://receiver.invalid').searchParams.get('validationToken');
    if (token !== null) return { status: 200, contentType: 'text/plain', body: token };
    if (!deps.running()) {
      return {
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'Unavailable', message: 'Live sync is stopped.' } }),
      };
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return badRequest('The body must be a JSON object {"value":[notifications]}.');
    }
    const value = (body as { value?: unknown }).value;
    if (!Array.isArray(value)) return badRequest('The body has no "value" array of notifications.');
    stats.receiver.calls += 1;
    const rows = await store.webhookSubscriptions.list();
    const now = deps.now();
    const dueAt = new Date(now.getTime() + deps.debounceMs).toISOString();
    const changes: ChangeToQueue[] = [];
    const collections = new Set<string>();
    let forged = 0;
    for (const item of value) {
      const row = isNotification(item) ? subscriptionOf(item, rows) : undefined;
      if (!row || !isNotification(item)) {
        forged += 1;
        continue;
      }
      const mappingId = row.id.slice('erp:'.length);
      stats.receiver.accepted += 1;
      stats.of(mappingId).lastNotificationAt = now.toISOString();
      if (!deps.isLive(mappingId)) continue;
      if (item.changeType === 'collection') {
        collections.add(mappingId);
        continue;
      }
      const recordId = notificationRecordId(item);
      if (!recordId || recordId.length > maxRecordIdLength) {
        collections.add(mappingId);
        continue;
      }
      changes.push({ mappingId, side: 'erp', recordId, reason: 'webhook', dueAt });
    }
    if (forged > 0) {
      stats.receiver.forged += forged;
      deps.logger.warn({ ignored: forged }, 'ERP notifications with a wrong clientState ignored');
    }
    if (forged < value.length) stats.receiver.lastNotificationAt = now.toISOString();
    await store.changeQueue.enqueue(changes);
    for (const mappingId of collections) await deps.onCollection(mappingId);
    return { status: 202, contentType: 'text/plain', body: '' };
  }

  /** An express Router answering POST `receiverPath` (mount it at the server's root). */
  function router(options: { maxBodyBytes?: number } = {}): Router {
    const r = express.Router();
    r.post(
      receiverPath,
      express.json({ limit: options.maxBodyBytes ?? 4 * 1024 * 1024, type: () => true }),
      (req, res) => {
        handle(req.originalUrl, req.body as unknown)
          .then((answer) => {
            res.status(answer.status).type(answer.contentType).send(answer.body);
          })
          .catch((error: unknown) => {
            deps.logger.error({ err: error }, 'ERP notifications could not be queued');
            // 503: the ERP delivers the batch again later.
            res.status(503).json({
              error: { code: 'Unavailable', message: 'The notifications could not be queued.' },
            });
          });
      },
    );
    // express.json's parse errors (malformed JSON, too large) as clear 4xx answers.
    r.use(
      receiverPath,
      (
        error: { status?: number; message?: string },
        _req: express.Request,
        res: express.Response,
        next: express.NextFunction,
      ) => {
        const status = error.status ?? 500;
        if (status >= 400 && status < 500) {
          res.status(status).json({
            error: {
              code: 'BadRequest',
              message: `The notification body could not be read: ${error.message ?? 'invalid'}`,
            },
          });
          return;
        }
        next(error);
      },
    );
    return r;
  }

  return { handle, router };
}

export type Receiver = ReturnType<typeof createReceiver>;
