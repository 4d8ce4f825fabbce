import { tables } from '../migrations/tables';
import { toStr, toStrOrNull, type Row } from '../rows/values';
import type { RepositoryContext } from './context';

/** A change-notification subscription this system holds at one of the apps. */
export interface WebhookSubscription {
  id: string;
  /** The watched resource, e.g. 'companies(<id>)/customers'. */
  resource: string;
  /** The app's id of the subscription, once created there. */
  subscriptionId: string | null;
  clientState: string;
  notificationUrl: string;
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type WebhookSubscriptionInput = Omit<
  WebhookSubscription,
  'id' | 'createdAt' | 'updatedAt'
> & {
  id?: string;
};

export interface WebhookSubscriptionRepository {
  /** Creates, or updates the subscription with the same id. */
  save(input: WebhookSubscriptionInput): Promise<WebhookSubscription>;
  get(id: string): Promise<WebhookSubscription | null>;
  findBySubscriptionId(subscriptionId: string): Promise<WebhookSubscription | null>;
  list(): Promise<WebhookSubscription[]>;
  /** Subscriptions that expire before an instant (to renew them). */
  expiringBefore(at: string): Promise<WebhookSubscription[]>;
  delete(id: string): Promise<void>;
}

function toSubscription(r: Row): WebhookSubscription {
  return {
    id: toStr(r['id']),
    resource: toStr(r['resource']),
    subscriptionId: toStrOrNull(r['subscription_id']),
    clientState: toStr(r['client_state']),
    notificationUrl: toStr(r['notification_url']),
    expiresAt: toStrOrNull(r['expires_at']),
    createdAt: toStr(r['created_at']),
    updatedAt: toStr(r['updated_at']),
  };
}

export function createWebhookSubscriptionRepository(
  ctx: RepositoryContext,
): WebhookSubscriptionRepository {
  const table = () => ctx.db(tables.webhookSubscriptions);
  async function get(id: string) {
    const row = (await table().where('id', id).first()) as Row | undefined;
    return row ? toSubscription(row) : null;
  }
  return {
    async save(input) {
      const id = input.id ?? ctx.newId();
      const now = ctx.now();
      await table()
        .insert({
          id,
          resource: input.resource,
          subscription_id: input.subscriptionId,
          client_state: input.clientState,
          notification_url: input.notificationUrl,
          expires_at: input.expiresAt,
          created_at: now,
          updated_at: now,
        })
        .onConflict('id')
        .merge([
          'resource',
          'subscription_id',
          'client_state',
          'notification_url',
          'expires_at',
          'updated_at',
        ]);
      const saved = await get(id);
      if (!saved) throw new Error('saved subscription not found');
      return saved;
    },
    get,
    async findBySubscriptionId(subscriptionId) {
      const row = (await table().where('subscription_id', subscriptionId).first()) as
        Row | undefined;
      return row ? toSubscription(row) : null;
    },
    async list() {
      return ((await table().select('*').orderBy('id')) as Row[]).map(toSubscription);
    },
    async expiringBefore(at) {
      const rows = (await table().where('expires_at', '<', at).orderBy('expires_at')) as Row[];
      return rows.map(toSubscription);
    },
    async delete(id) {
      await table().where('id', id).delete();
    },
  };
}
