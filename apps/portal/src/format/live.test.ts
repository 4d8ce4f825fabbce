import { describe, expect, it } from 'vitest';
import type { LiveMappingStatus, LiveStatus } from '../api/types';
import { liveSummary } from './live';

const mapping: LiveMappingStatus = {
  mappingId: 'customers',
  mode: 'live',
  live: true,
  erpSubscription: { subscriptionId: 's', expiresAt: null, error: null },
  crmPolling: { lastPollAt: null, lastChangeAt: null, error: null },
  lastNotificationAt: null,
  queued: 3,
  lagMs: 2500,
  lastSyncLagMs: 1000,
  syncLagP95Ms: 3200,
  lastSyncedAt: null,
  recordSyncs: 5,
  failedSyncs: 0,
};
const running: LiveStatus = {
  running: true,
  startedAt: null,
  notificationUrl: null,
  receiver: { calls: 0, accepted: 0, forged: 0, lastNotificationAt: null },
  mappings: [mapping],
};

describe('live summary of a mapping', () => {
  it('gives the waiting changes, the lag and the p95 of a live mapping', () => {
    expect(liveSummary(running, mapping, 'live')).toBe(
      'Live: 3 changes waiting, lag 2.5 s · last change noticed none yet · p95 3.2 s to the other app',
    );
  });

  it('names a subscription problem', () => {
    const broken = {
      ...mapping,
      queued: 0,
      erpSubscription: {
        subscriptionId: null,
        expiresAt: null,
        error: 'ERP refused the subscription',
      },
    };
    expect(liveSummary(running, broken, 'live')).toContain('up to date');
    expect(liveSummary(running, broken, 'live')).toContain('problem: ERP refused the subscription');
  });

  it('says so when the server runs without live sync or the mapping is scheduled', () => {
    expect(liveSummary({ ...running, running: false }, undefined, 'live')).toMatch(/switched off/);
    expect(liveSummary(running, mapping, 'scheduled')).toMatch(/^Scheduled/);
  });
});
