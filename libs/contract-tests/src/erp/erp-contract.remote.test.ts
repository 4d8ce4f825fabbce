import { describe, it } from 'vitest';
import { describeBcContract } from './bc-contract';
import { remoteTarget } from './targets';

const remote = remoteTarget(process.env);
if (remote) {
  describeBcContract(remote.name, () => Promise.resolve(remote), {
    mockControls: remote.mockControls,
    webhooks: false,
  });
} else {
  describe('Business Central API v2.0 contract (remote)', () => {
    it.skip('runs when ERP_CONTRACT_URL and ERP_CONTRACT_TOKEN are set', () => undefined);
  });
}
