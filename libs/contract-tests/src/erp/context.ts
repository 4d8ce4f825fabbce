/* eslint-disable @typescript-eslint/no-unsafe-member-access -- contract rules read arbitrary JSON replies, like the *.test.ts files they feed */
import { bcClient, type BcClient, type Reply } from './client';
import type { ErpTarget } from './targets';

/** What every rule file gets: the target, a client, and the company it works in. */
export interface ContractContext {
  target: ErpTarget;
  client: BcClient;
  companyId: string;
  /** `companies(<id>)/<set>` */
  set(name: 'customers' | 'contacts' | 'items'): string;
  /** A number no other test of this run uses (≤ 20 characters). */
  uniqueNumber(prefix: string): string;
}

export async function contractContext(target: ErpTarget): Promise<ContractContext> {
  const client = bcClient(target);
  const companies = await client.get('companies');
  if (companies.status !== 200)
    throw new Error(`GET companies answered ${companies.status}: ${companies.text}`);
  const list = companies.body.value as { id: string; name: string }[];
  const company = list.find((c) => c.name.startsWith('CRONUS USA')) ?? list[0];
  if (!company) throw new Error('the service has no company');
  const run = Date.now().toString(36).slice(-5).toUpperCase();
  let n = 0;
  return {
    target,
    client,
    companyId: company.id,
    set: (name) => `companies(${company.id})/${name}`,
    uniqueNumber: (prefix) => `${prefix}${run}${String(++n).padStart(4, '0')}`.slice(0, 20),
  };
}

/** The BC error envelope: `{"error":{"code","message"}}`. */
export function errorOf(reply: Reply): { code: string; message: string } {
  const error = (reply.body as { error?: { code?: unknown; message?: unknown } } | undefined)
    ?.error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string') {
    throw new Error(`expected a BC error body, got ${reply.status} ${reply.text.slice(0, 200)}`);
  }
  return { code: error.code, message: error.message };
}

/** Known when the suite is defined (before any server starts): which rule groups can run. */
export interface RuleOptions {
  /** `/_mock/` controls are available. */
  mockControls: boolean;
  /** The service can reach a webhook receiver offered by the test. */
  webhooks: boolean;
}
