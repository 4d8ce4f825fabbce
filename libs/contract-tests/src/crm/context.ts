/* eslint-disable @typescript-eslint/no-unsafe-member-access -- contract rules read arbitrary JSON replies, like the *.test.ts files they feed */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { dataverseClient, type DataverseClient, type Reply } from './client';
import type { CrmTarget } from './targets';

/** What every rule file gets: the target, a client, and helpers that keep runs apart. */
export interface ContractContext {
  target: CrmTarget;
  client: DataverseClient;
  /** A text no other test of this run uses (prefix + run id + counter). */
  unique(prefix: string): string;
  /** Creates a record (POST, return=representation) and returns its id, etag and body. */
  create(
    set: 'accounts' | 'contacts' | 'products',
    values: Record<string, unknown>,
  ): Promise<{ id: string; etag: string; body: Record<string, unknown>; url: string }>;
}

const keys = { accounts: 'accountid', contacts: 'contactid', products: 'productid' } as const;

export function contractContext(target: CrmTarget): ContractContext {
  const client = dataverseClient(target);
  const run = randomUUID().slice(0, 6);
  let n = 0;
  return {
    target,
    client,
    unique: (prefix) => `${prefix}-${run}-${String(++n).padStart(4, '0')}`,
    async create(set, values) {
      const reply = await client.post(set, values, { Prefer: 'return=representation' });
      expect(reply.status, reply.text).toBe(201);
      const id = reply.body[keys[set]] as string;
      return {
        id,
        etag: reply.body['@odata.etag'] as string,
        body: reply.body as Record<string, unknown>,
        url: `${set}(${id})`,
      };
    },
  };
}

/** The OData error envelope: `{"error":{"code","message"}}`. */
export function errorOf(reply: Reply): { code: string; message: string } {
  const error = (reply.body as { error?: { code?: unknown; message?: unknown } } | undefined)
    ?.error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string') {
    throw new Error(
      `expected an OData error body, got ${reply.status} ${reply.text.slice(0, 200)}`,
    );
  }
  return { code: error.code, message: error.message };
}

/** Known when the suite is defined: which rule groups can run. */
export interface RuleOptions {
  /** `/_mock/` controls are available. */
  mockControls: boolean;
}
