import { describeDataverseContract } from './dataverse-contract';
import { expressTarget } from './targets';

describeDataverseContract('express mock on a real port', expressTarget, { mockControls: true });
