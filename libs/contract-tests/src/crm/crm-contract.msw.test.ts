import { describeDataverseContract } from './dataverse-contract';
import { mswTarget } from './targets';

describeDataverseContract('msw handlers', mswTarget, { mockControls: true });
