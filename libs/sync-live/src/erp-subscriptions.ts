import { randomBytes } from 'node:crypto';
import type { ErpClient } from '@twinsync/connectors';
import type { Store, WebhookSubscription } from '@twinsync/sync-store';
import { erpSubscriptionKey, type EngineLogger } from './ports';

export interface ErpSubscriptionsOptions {
  store: Store;
  erp: ErpClient;
  /** Where the ERP posts notifications (our receiver), e.g. https://sync.example/webhooks/erp. */
  notificationUrl: string;
  now: () => Date;
  /** Renew a subscription this long before it expires (default 1 day; BC's lifetime is 3 days). */
  renewBeforeMs: number;
  logger: EngineLogger;
  /** The clientState secret of a new subscription (default 32 random bytes, base64url). */
  newSecret?: () => string;
}

export type SubscriptionOutcome = 'kept' | 'renewed' | 'subscribed';

/**
 * Keeps one ERP webhook subscription per live mapping, recorded in the store's
 * `webhookSubscriptions` (row id `erp:<mapping>`, a fresh clientState secret per subscription):
 * subscribes (the ERP validates our receiver with the validationToken handshake meanwhile),
 * renews before expiry, and subscribes again when the ERP no longer knows the subscription
 * (restart of the ERP, expiry while we were down) or our receiver's URL changed.
 */
export function createErpSubscriptions(options: ErpSubscriptionsOptions) {
  const { store, erp, notificationUrl, logger } = options;
  const newSecret = options.newSecret ?? (() => randomBytes(32).toString('base64url'));

  async function subscribe(mappingId: string, entity: string): Promise<WebhookSubscription> {
    const key = erpSubscriptionKey(mappingId);
    const clientState = newSecret();
    // The secret is stored before the ERP knows it, so a notification racing the save is
    // recognised by its clientState.
    const previous = await store.webhookSubscriptions.get(key);
    await store.webhookSubscriptions.save({
      id: key,
      resource: previous?.resource ?? entity,
      subscriptionId: null,
      clientState,
      notificationUrl,
      expiresAt: null,
    });
    const created = await erp.subscribe({ notificationUrl, resource: entity, clientState });
    logger.info(
      { mappingId, subscriptionId: created.subscriptionId, expiresAt: created.expirationDateTime },
      'ERP webhook subscribed',
    );
    return store.webhookSubscriptions.save({
      id: key,
      resource: created.resource,
      subscriptionId: created.subscriptionId,
      clientState,
      notificationUrl,
      expiresAt: created.expirationDateTime,
    });
  }

  async function renew(row: WebhookSubscription & { subscriptionId: string }) {
    // The store keeps no etag of the subscription; '*' renews whatever version the ERP holds.
    const renewed = await erp.renew({ subscriptionId: row.subscriptionId, '@odata.etag': '*' });
    return store.webhookSubscriptions.save({
      id: row.id,
      resource: row.resource,
      subscriptionId: row.subscriptionId,
      clientState: row.clientState,
      notificationUrl: row.notificationUrl,
      expiresAt: renewed.expirationDateTime,
    });
  }

  async function dropAtErp(row: WebhookSubscription) {
    if (!row.subscriptionId) return;
    try {
      await erp.unsubscribe({ subscriptionId: row.subscriptionId, '@odata.etag': '*' });
    } catch (error) {
      logger.debug?.({ err: error, subscriptionId: row.subscriptionId }, 'unsubscribe failed');
    }
  }

  return {
    /**
     * Makes sure the mapping has a valid subscription. `verify` renews even a fresh one, which
     * proves the ERP still knows it (used at start: the ERP may have restarted or expired it).
     */
    async ensure(
      mappingId: string,
      entity: string,
      verify = false,
    ): Promise<{ outcome: SubscriptionOutcome; row: WebhookSubscription }> {
      const row = await store.webhookSubscriptions.get(erpSubscriptionKey(mappingId));
      const now = options.now().getTime();
      if (row?.subscriptionId && row.notificationUrl === notificationUrl && row.expiresAt) {
        const expires = Date.parse(row.expiresAt);
        const dueForRenewal = expires - options.renewBeforeMs <= now;
        if (!verify && !dueForRenewal) return { outcome: 'kept', row };
        if (expires > now) {
          try {
            return {
              outcome: 'renewed',
              row: await renew({ ...row, subscriptionId: row.subscriptionId }),
            };
          } catch (error) {
            logger.warn(
              { err: error, mappingId, subscriptionId: row.subscriptionId },
              'ERP webhook renewal failed; subscribing again',
            );
          }
        }
      } else if (row?.subscriptionId) {
        // Our receiver moved (another public URL or port): the old subscription goes.
        await dropAtErp(row);
      }
      return { outcome: 'subscribed', row: await subscribe(mappingId, entity) };
    },
    /** Unsubscribes (best effort) and forgets the mapping's subscription. */
    async remove(mappingId: string): Promise<void> {
      const row = await store.webhookSubscriptions.get(erpSubscriptionKey(mappingId));
      if (!row) return;
      await dropAtErp(row);
      await store.webhookSubscriptions.delete(row.id);
    },
  };
}

export type ErpSubscriptions = ReturnType<typeof createErpSubscriptions>;
