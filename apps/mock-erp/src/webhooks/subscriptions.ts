import type { Knex } from 'knex';
import { etagFor, ifMatchSatisfied, type IfMatch } from '../domain/etag';
import {
  BadRequestError,
  ConcurrencyTokenRequiredError,
  EntityChangedError,
  RecordNotFoundError,
} from '../errors';
import { findCompany } from '../repositories/companies';
import { validateNotificationUrl, type FetchFn } from './handshake';
import { parseResource, type ResourceRef } from './resource';

export interface Subscription {
  subscriptionId: string;
  notificationUrl: string;
  resource: string;
  clientState: string;
  expirationDateTime: string;
  lastModifiedDateTime: string;
  version: number;
  target: ResourceRef;
}

export const subscriptionLifetimeMs = 3 * 24 * 60 * 60 * 1000;

export interface SubscriptionDeps {
  db: Knex;
  clock: () => Date;
  fetch: FetchFn;
  newId: () => string;
  nextVersion: () => number;
  handshakeTimeoutMs: number;
}

const allowedFields = new Set(['notificationUrl', 'resource', 'clientState', 'subscriptionId']);

function readBody(body: unknown): Record<string, string> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestError('The request body must be a JSON object.');
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key.startsWith('@odata.')) continue;
    if (!allowedFields.has(key)) {
      throw new BadRequestError(
        `The property '${key}' does not exist on type 'Microsoft.NAV.subscriptions'. Make sure to only use property names that are defined by the type.`,
      );
    }
    if (typeof value !== 'string')
      throw new BadRequestError(`The property '${key}' must be a string.`);
    out[key] = value;
  }
  return out;
}

/**
 * BC webhook subscriptions: created only after the notification URL echoes a validation token,
 * valid for three days, renewed by PATCH (which repeats the handshake). Kept in memory for the
 * notifier and persisted in the `subscriptions` table.
 */
export function createSubscriptions(deps: SubscriptionDeps) {
  const active = new Map<string, Subscription>();

  async function load() {
    active.clear();
    const rows = await deps.db<Omit<Subscription, 'target'>>('subscriptions');
    for (const row of rows) {
      const target = parseResource(row.resource);
      if (target) active.set(row.subscriptionId, { ...row, target });
    }
  }

  function present(s: Subscription) {
    return {
      '@odata.etag': etagFor(s.version),
      subscriptionId: s.subscriptionId,
      notificationUrl: s.notificationUrl,
      resource: s.resource,
      userId: '00000000-0000-0000-0000-000000000001',
      lastModifiedDateTime: s.lastModifiedDateTime,
      clientState: s.clientState,
      expirationDateTime: s.expirationDateTime,
      systemCreatedAt: s.lastModifiedDateTime,
      systemModifiedAt: s.lastModifiedDateTime,
    };
  }

  function find(id: string): Subscription {
    const s = active.get(id);
    if (!s) throw new RecordNotFoundError('API Webhook Subscription', id);
    return s;
  }

  async function handshake(notificationUrl: string) {
    const failure = await validateNotificationUrl(
      deps.fetch,
      notificationUrl,
      deps.newId(),
      deps.handshakeTimeoutMs,
    );
    if (failure) {
      throw new BadRequestError(
        `The subscription could not be validated: ${failure}.`,
        'BadRequest_InvalidNotificationUrl',
      );
    }
  }

  async function target(resource: string): Promise<ResourceRef> {
    const ref = parseResource(resource);
    if (!ref) {
      throw new BadRequestError(
        `The resource '${resource}' is not a collection that supports webhooks. Use /api/v2.0/companies(<id>)/customers, contacts or items.`,
      );
    }
    if (!(await findCompany(deps.db, ref.companyId))) {
      throw new BadRequestError(
        `The company '${ref.companyId}' in resource '${resource}' does not exist.`,
      );
    }
    return ref;
  }

  async function create(body: unknown) {
    const input = readBody(body);
    const { notificationUrl, resource } = input;
    if (!notificationUrl) throw new BadRequestError("The property 'notificationUrl' is required.");
    if (!resource) throw new BadRequestError("The property 'resource' is required.");
    const ref = await target(resource);
    await handshake(notificationUrl);
    const now = deps.clock();
    const s: Subscription = {
      subscriptionId: deps.newId().replace(/-/g, ''),
      notificationUrl,
      resource,
      clientState: input['clientState'] ?? '',
      expirationDateTime: new Date(now.getTime() + subscriptionLifetimeMs).toISOString(),
      lastModifiedDateTime: now.toISOString(),
      version: deps.nextVersion(),
      target: ref,
    };
    const { target: _t, ...row } = s;
    await deps.db('subscriptions').insert(row);
    active.set(s.subscriptionId, s);
    return present(s);
  }

  /** PATCH: renews for three more days; may change notificationUrl/clientState (handshake again). */
  async function renew(id: string, body: unknown, ifMatch: IfMatch | undefined) {
    if (!ifMatch) throw new ConcurrencyTokenRequiredError();
    const input = readBody(body);
    const current = find(id);
    if (!ifMatchSatisfied(ifMatch, current.version)) throw new EntityChangedError();
    if (input['resource'] !== undefined && input['resource'] !== current.resource) {
      throw new BadRequestError("The property 'resource' of a subscription cannot be changed.");
    }
    const notificationUrl = input['notificationUrl'] ?? current.notificationUrl;
    await handshake(notificationUrl);
    const now = deps.clock();
    const next: Subscription = {
      ...current,
      notificationUrl,
      clientState: input['clientState'] ?? current.clientState,
      expirationDateTime: new Date(now.getTime() + subscriptionLifetimeMs).toISOString(),
      lastModifiedDateTime: now.toISOString(),
      version: deps.nextVersion(),
    };
    const { target: _t, ...row } = next;
    await deps.db('subscriptions').where({ subscriptionId: id }).update(row);
    active.set(id, next);
    return present(next);
  }

  async function remove(id: string, ifMatch: IfMatch | undefined) {
    if (!ifMatch) throw new ConcurrencyTokenRequiredError();
    const current = find(id);
    if (!ifMatchSatisfied(ifMatch, current.version)) throw new EntityChangedError();
    await deps.db('subscriptions').where({ subscriptionId: id }).delete();
    active.delete(id);
  }

  /** Drops expired subscriptions (BC deletes them); returns the ones still valid. */
  async function purgeExpired(): Promise<void> {
    const now = deps.clock().toISOString();
    const expired = [...active.values()].filter((s) => s.expirationDateTime <= now);
    for (const s of expired) active.delete(s.subscriptionId);
    if (expired.length > 0) {
      await deps
        .db('subscriptions')
        .whereIn(
          'subscriptionId',
          expired.map((s) => s.subscriptionId),
        )
        .delete();
    }
  }

  function isActive(s: Subscription): boolean {
    return active.has(s.subscriptionId) && s.expirationDateTime > deps.clock().toISOString();
  }

  return {
    load,
    create,
    renew,
    remove,
    purgeExpired,
    get: (id: string) => present(find(id)),
    list: () => [...active.values()].filter(isActive).map(present),
    /** Valid subscriptions, for the notifier. */
    current: () => [...active.values()].filter(isActive),
    lookup: (id: string) => active.get(id),
    isActive,
    clear: () => active.clear(),
  };
}

export type Subscriptions = ReturnType<typeof createSubscriptions>;
