import { describeBcContract } from './bc-contract';
import { expressTarget } from './targets';

describeBcContract('express mock on a real port', expressTarget, {
  mockControls: true,
  webhooks: true,
});
