import { afterAll, beforeAll, describe } from 'vitest';
import { contractContext, type ContractContext, type RuleOptions } from './context';
import { authAndCompaniesRules } from './rules/auth-and-companies';
import { badInputRules } from './rules/bad-input';
import { batchRules } from './rules/batch';
import { createRules } from './rules/create';
import { limitsAndFaultsRules } from './rules/limits-and-faults';
import { queryRules } from './rules/query';
import { updateDeleteRules } from './rules/update-delete';
import { webhookRules } from './rules/webhooks';
import type { ErpTarget } from './targets';

/**
 * The Business Central API v2.0 contract, every rule a test. `start` brings a target up (a mock on
 * a real port, msw handlers, or a remote service); rules needing `/_mock/` or a reachable webhook
 * receiver are skipped when `options` says they cannot run.
 */
export function describeBcContract(
  name: string,
  start: () => Promise<ErpTarget>,
  options: RuleOptions,
) {
  describe(`Business Central API v2.0 contract (${name})`, () => {
    let target: ErpTarget | undefined;
    let context: ContractContext | undefined;
    const ctx = () => {
      if (!context) throw new Error('the contract target did not start');
      return context;
    };
    beforeAll(async () => {
      target = await start();
      context = await contractContext(target);
    });
    afterAll(async () => {
      await target?.close();
    });

    describe('auth and companies', () => authAndCompaniesRules(ctx));
    describe('creating records', () => createRules(ctx));
    describe('reading, updating and deleting records', () => updateDeleteRules(ctx, options));
    describe('query options and paging', () => queryRules(ctx));
    describe('JSON $batch', () => batchRules(ctx));
    describe('bad input', () => badInputRules(ctx));
    describe.skipIf(!options.webhooks)('webhooks', () => webhookRules(ctx));
    describe.skipIf(!options.mockControls)('service protection and faults (mock only)', () =>
      limitsAndFaultsRules(ctx),
    );
  });
}
