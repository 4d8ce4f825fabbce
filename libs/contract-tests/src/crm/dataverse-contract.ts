import { afterAll, beforeAll, describe } from 'vitest';
import { contractContext, type ContractContext, type RuleOptions } from './context';
import { badInputRules } from './rules/bad-input';
import { batchRules } from './rules/batch';
import { changeTrackingRules } from './rules/change-tracking';
import { controlRules } from './rules/controls';
import { createRules } from './rules/create';
import { limitsAndFaultsRules } from './rules/limits-and-faults';
import { queryRules } from './rules/query';
import { serviceRules } from './rules/service';
import { updateDeleteRules } from './rules/update-delete';
import type { CrmTarget } from './targets';

/**
 * The Dataverse Web API v9.2 contract (`../shared/docs/api-contracts.md`, mock-crm part), every rule
 * a test. `start` brings a target up (the mock on a real port, msw handlers, or a remote service);
 * rules needing `/_mock/` are skipped when `options` says they cannot run.
 */
export function describeDataverseContract(
  name: string,
  start: () => Promise<CrmTarget>,
  options: RuleOptions,
) {
  describe(`Dataverse Web API v9.2 contract (${name})`, () => {
    let target: CrmTarget | undefined;
    let context: ContractContext | undefined;
    const ctx = () => {
      if (!context) throw new Error('the contract target did not start');
      return context;
    };
    beforeAll(async () => {
      target = await start();
      context = contractContext(target);
    });
    afterAll(async () => {
      await target?.close();
    });

    describe('auth, service document and $metadata', () => serviceRules(ctx));
    describe('creating records', () => createRules(ctx));
    describe('reading, updating, upserting and deleting records', () => updateDeleteRules(ctx));
    describe('query options and paging', () => queryRules(ctx));
    describe('change tracking', () => changeTrackingRules(ctx));
    describe('multipart $batch', () => batchRules(ctx));
    describe('bad input', () => badInputRules(ctx));
    describe.skipIf(!options.mockControls)('service protection and faults (mock only)', () =>
      limitsAndFaultsRules(ctx),
    );
    describe.skipIf(!options.mockControls)('/_mock/ controls (mock only)', () => controlRules(ctx));
  });
}
