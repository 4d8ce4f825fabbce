import { describe, expect, it } from 'vitest';
import { fromSubResponse, isAtomicBatch, toSubRequest } from './http';

const root = new URL('http://erp.test/api/v2.0/');
const outer = new Request('http://erp.test/api/v2.0/$batch', {
  method: 'POST',
  headers: { authorization: 'Bearer t', isolation: 'snapshot' },
});

describe('JSON batch HTTP helpers', () => {
  it('recognises the Isolation: snapshot header as an atomic batch', () => {
    expect(isAtomicBatch(outer.headers)).toBe(true);
    expect(isAtomicBatch(new Headers())).toBe(false);
  });

  it('resolves relative, absolute-path and absolute URLs and inherits authorization', async () => {
    const rel = toSubRequest(
      { method: 'POST', url: 'companies(1)/items', headers: {}, dependsOn: [], body: { a: 1 } },
      root,
      outer,
    );
    expect(rel.url).toBe('http://erp.test/api/v2.0/companies(1)/items');
    expect(rel.headers.get('authorization')).toBe('Bearer t');
    expect(rel.headers.get('content-type')).toBe('application/json');
    expect(await rel.json()).toEqual({ a: 1 });
    const abs = toSubRequest(
      { method: 'GET', url: '/api/v2.0/companies', headers: {}, dependsOn: [] },
      root,
      outer,
    );
    expect(abs.url).toBe('http://erp.test/api/v2.0/companies');
    const full = toSubRequest(
      { method: 'GET', url: 'http://erp.test/api/v2.0/x', headers: {}, dependsOn: [] },
      root,
      outer,
    );
    expect(full.url).toBe('http://erp.test/api/v2.0/x');
  });

  it('turns a JSON response into a batch entry with its id, status, headers and parsed body', async () => {
    const entry = await fromSubResponse(
      { id: '7', method: 'GET', url: 'x', headers: {}, dependsOn: [] },
      new Response(JSON.stringify({ ok: true }), {
        status: 201,
        headers: { 'content-type': 'application/json', etag: 'W/"1"' },
      }),
    );
    expect(entry).toEqual({
      id: '7',
      status: 201,
      headers: { 'content-type': 'application/json', etag: 'W/"1"' },
      body: { ok: true },
    });
  });

  it('leaves the body out of an empty response', async () => {
    const entry = await fromSubResponse(
      { method: 'DELETE', url: 'x', headers: {}, dependsOn: [] },
      new Response(null, { status: 204 }),
    );
    expect(entry).toEqual({ id: null, status: 204, headers: {} });
  });
});
