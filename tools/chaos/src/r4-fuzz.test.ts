import { describe, expect, it } from 'vitest';
import { fuzzApi, fuzzCrm, fuzzErp } from './r4-fuzz';

describe('R4: fuzzed requests', () => {
  it('the ERP mock answers 2,000 malformed requests with no 5xx, stays up and changes nothing', async () => {
    const outcome = await fuzzErp({ requests: 2000, seed: 4 });
    expect(outcome.tally.requests).toBe(2000);
    expect(outcome.tally.serverErrors.slice(0, 5)).toEqual([]);
    expect(outcome.tally.acceptedMutations.slice(0, 5)).toEqual([]);
    expect(outcome.alive).toBe(true);
    expect(outcome.differences).toEqual([]);
    // Every generator contributed.
    expect(Object.keys(outcome.tally.byKind).length).toBeGreaterThanOrEqual(9);
  });
});

describe('R4: fuzzed Dataverse requests', () => {
  it('the CRM mock answers 1,500 malformed requests with no 5xx, stays up and changes nothing', async () => {
    const outcome = await fuzzCrm({ requests: 1500, seed: 4 });
    expect(outcome.tally.requests).toBe(1500);
    expect(outcome.tally.serverErrors.slice(0, 5)).toEqual([]);
    expect(outcome.tally.acceptedMutations.slice(0, 5)).toEqual([]);
    expect(outcome.alive).toBe(true);
    expect(outcome.differences).toEqual([]);
    expect(Object.keys(outcome.tally.byKind).length).toBeGreaterThanOrEqual(7);
  });
});

describe('R4: fuzzed tRPC calls', () => {
  it('the sync server answers 1,500 malformed calls to every procedure with no 5xx and changes nothing', async () => {
    const outcome = await fuzzApi({ requests: 1500, seed: 4 });
    expect(outcome.tally.requests).toBe(1500);
    expect(outcome.tally.serverErrors.slice(0, 5)).toEqual([]);
    expect(outcome.tally.acceptedMutations.slice(0, 5)).toEqual([]);
    expect(outcome.alive).toBe(true);
    expect(outcome.differences).toEqual([]);
  });
});
