import { describeBcContract } from './bc-contract';
import { mswTarget } from './targets';

describeBcContract('msw handlers', mswTarget, { mockControls: true, webhooks: true });
