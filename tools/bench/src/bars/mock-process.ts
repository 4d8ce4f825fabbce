import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MockAnswer, MockRequest } from './mock-child';

const mockPath = fileURLToPath(new URL('./mock-child.ts', import.meta.url));

/** A mock app in a process of its own (mock-child.ts), for P1 and R6. */
export interface MockProcess {
  url: string;
  /** One request at a time; resolves with the answer's value. */
  call(request: MockRequest): Promise<number>;
  stop(): Promise<void>;
}

/** Forks one mock app in its own process and waits for its URL. */
export function startMockProcess(app: 'erp' | 'crm', token: string): Promise<MockProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(mockPath, [app, token], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let pending: { resolve(v: number): void; reject(e: Error): void } | null = null;
    let chain: Promise<unknown> = Promise.resolve();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the ${app} mock did not start within 60 s`));
    }, 60_000);
    child.on('message', (raw) => {
      const answer = raw as MockAnswer;
      if (answer.type === 'ready') {
        clearTimeout(timer);
        resolve({
          url: answer.url,
          call(request) {
            const next = chain.then(
              () =>
                new Promise<number>((res, rej) => {
                  pending = { resolve: res, reject: rej };
                  child.send(request);
                }),
            );
            chain = next.catch(() => undefined);
            return next;
          },
          async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            await new Promise((res) => {
              child.once('exit', res);
              child.send({ op: 'stop' });
            });
            clearTimeout(killer);
          },
        });
        return;
      }
      const waiting = pending;
      pending = null;
      if (answer.type === 'done') waiting?.resolve(answer.value);
      else waiting?.reject(new Error(`${app} mock: ${answer.error}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const error = new Error(`the ${app} mock exited with ${signal ?? code}`);
      pending?.reject(error);
      reject(error);
    });
  });
}

export function accountCountFor(token: string) {
  /** How many accounts the CRM mock holds, through its Web API. */
  return async function accountCount(crmUrl: string): Promise<number> {
    const res = await fetch(`${crmUrl}/api/data/v9.2/accounts?$count=true&$top=1&$select=name`, {
      headers: { authorization: `Bearer ${token}`, 'OData-Version': '4.0' },
    });
    if (!res.ok) throw new Error(`CRM count of accounts answered ${res.status}`);
    const body = (await res.json()) as { '@odata.count'?: number };
    if (typeof body['@odata.count'] !== 'number') throw new Error('CRM count without @odata.count');
    return body['@odata.count'];
  };
}
