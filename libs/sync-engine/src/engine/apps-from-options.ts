import {
  createCrmClient,
  createErpClient,
  type CrmClient,
  type ErpClient,
} from '@twinsync/connectors';
import { createCrmApp } from '../adapters/crm-app';
import { createErpApp } from '../adapters/erp-app';
import type { AppPort } from '../ports';

export type ErpInput = AppPort | ErpClient | { url: string; token: string };
export type CrmInput = AppPort | CrmClient | { url: string; token: string };

export class EngineConfigError extends Error {
  override readonly name = 'EngineConfigError';
}

const isPort = (x: object): x is AppPort => 'changes' in x && 'planId' in x;

/** A service root: the given URL, or the API path appended when only an origin was given. */
export function serviceRoot(url: string, apiPath: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return new URL(trimmed).pathname === '/' || new URL(trimmed).pathname === ''
    ? `${trimmed}${apiPath}`
    : trimmed;
}

export function erpApp(input: ErpInput | undefined, env: Record<string, string | undefined>) {
  if (input && isPort(input)) return input;
  if (input && 'changedSince' in input) return createErpApp(input);
  const url = input?.url ?? env['ERP_URL'];
  const token = input?.token ?? env['ERP_TOKEN'];
  if (!url || !token)
    throw new EngineConfigError('The ERP is not configured: set ERP_URL and ERP_TOKEN.');
  return createErpApp(createErpClient({ baseUrl: serviceRoot(url, '/api/v2.0'), token }));
}

export function crmApp(input: CrmInput | undefined, env: Record<string, string | undefined>) {
  if (input && isPort(input)) return input;
  if (input && 'trackChanges' in input) return createCrmApp(input);
  const url = input?.url ?? env['CRM_URL'];
  const token = input?.token ?? env['CRM_TOKEN'];
  if (!url || !token)
    throw new EngineConfigError('The CRM is not configured: set CRM_URL and CRM_TOKEN.');
  return createCrmApp(createCrmClient({ baseUrl: serviceRoot(url, '/api/data/v9.2'), token }));
}
