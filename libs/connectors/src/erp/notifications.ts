import type { ErpNotification } from './erp-types';

/**
 * What a notification endpoint does with a BC webhook call: answer the validation handshake
 * (`?validationToken=...` echoed as text/plain) or read the batched notifications, keeping only
 * those that carry our `clientState`.
 */
export type WebhookCall =
  | { kind: 'validation'; validationToken: string }
  | { kind: 'notifications'; notifications: ErpNotification[] };

export function readWebhookCall(
  url: string,
  body: unknown,
  clientState: string | undefined,
): WebhookCall {
  const token = new URL(url, 'http://localhost').searchParams.get('validationToken');
  if (token !== null) return { kind: 'validation', validationToken: token };
  const value = (body as { value?: unknown } | undefined)?.value;
  const list = Array.isArray(value) ? (value as ErpNotification[]) : [];
  return {
    kind: 'notifications',
    notifications:
      clientState === undefined ? list : list.filter((n) => n.clientState === clientState),
  };
}

/** The record id in a notification resource (`.../customers(<id>)`), undefined for `collection`. */
export function notificationRecordId(n: ErpNotification): string | undefined {
  if (n.changeType === 'collection') return undefined;
  return /\(([^()]+)\)\s*$/.exec(n.resource)?.[1];
}
