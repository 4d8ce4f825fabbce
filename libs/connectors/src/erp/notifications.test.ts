import { describe, expect, it } from 'vitest';
import { notificationRecordId, readWebhookCall } from './notifications';

const note = (
  clientState: string,
  resource: string,
  changeType: 'updated' | 'collection' = 'updated',
) => ({
  subscriptionId: 's',
  clientState,
  expirationDateTime: '2025-01-04T00:00:00Z',
  resource,
  changeType,
  lastModifiedDateTime: '2025-01-01T00:00:00Z',
});

describe('webhook calls', () => {
  it('recognises the validation handshake by its validationToken', () => {
    expect(readWebhookCall('/hooks/erp?validationToken=abc', undefined, 'k')).toEqual({
      kind: 'validation',
      validationToken: 'abc',
    });
  });

  it('keeps only notifications that carry our clientState', () => {
    const call = readWebhookCall(
      '/hooks/erp',
      { value: [note('k', 'x(1)'), note('forged', 'x(2)')] },
      'k',
    );
    expect(call.kind === 'notifications' && call.notifications.map(notificationRecordId)).toEqual([
      '1',
    ]);
  });

  it('gives no record id for a collection notification', () => {
    expect(
      notificationRecordId(note('k', '/api/v2.0/companies(c)/customers', 'collection')),
    ).toBeUndefined();
  });
});
