import { describe, it } from 'vitest';
import { describeDataverseContract } from './dataverse-contract';
import { remoteTarget } from './targets';

const remote = remoteTarget(process.env);
if (remote) {
  describeDataverseContract(remote.name, () => Promise.resolve(remote), {
    mockControls: remote.mockControls,
  });
} else {
  describe('Dataverse Web API v9.2 contract (remote)', () => {
    it.skip('runs when CRM_CONTRACT_URL and CRM_CONTRACT_TOKEN are set', () => undefined);
  });
}
