import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveStatusView } from '../outputs/live';
import { createTestApi, type TestApi } from '../testing/test-context';

const running: LiveStatusView = {
  running: true,
  startedAt: '2025-03-01T11:00:00.000Z',
  notificationUrl: 'http://127.0.0.1:5100/webhooks/erp',
  receiver: { calls: 7, accepted: 6, forged: 1, lastNotificationAt: '2025-03-01T11:59:58.000Z' },
  mappings: [
    {
      mappingId: 'customers',
      mode: 'live',
      live: true,
      erpSubscription: {
        subscriptionId: 'sub-1',
        expiresAt: '2025-03-04T11:00:00.000Z',
        error: null,
      },
      crmPolling: { lastPollAt: '2025-03-01T11:59:59.000Z', lastChangeAt: null, error: null },
      lastNotificationAt: '2025-03-01T11:59:58.000Z',
      queued: 2,
      lagMs: 1500,
      lastSyncLagMs: 1200,
      syncLagP95Ms: 2900,
      lastSyncedAt: '2025-03-01T11:59:57.000Z',
      recordSyncs: 40,
      failedSyncs: 0,
    },
  ],
};

describe('live.status', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await createTestApi();
  });
  afterEach(() => api.close());

  it('shows a viewer the lag and the last notification of each live mapping', async () => {
    api.deps.liveStatus = () => Promise.resolve(running);
    const status = await api.callerAs('viewer').live.status();
    expect(status.running).toBe(true);
    expect(status.mappings[0]).toMatchObject({
      mappingId: 'customers',
      live: true,
      lagMs: 1500,
      lastNotificationAt: '2025-03-01T11:59:58.000Z',
    });
  });

  it('says live sync is off when the server runs without it', async () => {
    const status = await api.callerAs('viewer').live.status();
    expect(status).toMatchObject({ running: false, mappings: [] });
  });

  it('refuses an anonymous caller', async () => {
    api.deps.liveStatus = () => Promise.resolve(running);
    await expect(api.callerAs(null).live.status()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
