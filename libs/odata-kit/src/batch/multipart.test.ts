import { describe, expect, it } from 'vitest';
import { parseMultipartBatch } from './multipart-parse';
import { resolveBindReferences, resolvePartUrl } from './multipart-execute';
import { writeMultipartBatch } from './multipart-write';

const CRLF = '\r\n';
const root = new URL('http://crm.test/api/data/v9.2/');

describe('multipart $batch', () => {
  it('parses top-level requests and change sets with Content-IDs and absolute or relative URLs', () => {
    const body = [
      '--b',
      'Content-Type: application/http',
      '',
      'GET accounts?$top=1 HTTP/1.1',
      '',
      '',
      '--b',
      'Content-Type: multipart/mixed;boundary=cs',
      '',
      '--cs',
      'Content-Type: application/http',
      'Content-ID: 100001',
      '',
      'POST http://crm.test/api/data/v9.2/accounts HTTP/1.1',
      'Content-Type: application/json',
      '',
      '{"name":"A"}',
      '--cs--',
      '--b--',
      '',
    ].join(CRLF);
    const parts = parseMultipartBatch(body, 'multipart/mixed;boundary=b');
    expect(parts).toHaveLength(2);
    expect(parts[0]).toMatchObject({ kind: 'request', method: 'GET', url: 'accounts?$top=1' });
    expect(parts[1]).toMatchObject({
      kind: 'changeset',
      requests: [{ method: 'POST', contentId: '100001', body: '{"name":"A"}' }],
    });
  });

  it('refuses a body without its closing delimiter and a Content-ID used twice', () => {
    expect(() => parseMultipartBatch('--b\r\n', 'multipart/mixed; boundary=b')).toThrow(/closing/);
    const twice = [
      '--b',
      'Content-Type: multipart/mixed; boundary=cs',
      '',
      ...['1', '1'].flatMap((id) => [
        '--cs',
        'Content-Type: application/http',
        `Content-ID: ${id}`,
        '',
        'DELETE accounts(00000000-0000-4000-8000-000000000001) HTTP/1.1',
        '',
        '',
      ]),
      '--cs--',
      '--b--',
    ].join(CRLF);
    expect(() => parseMultipartBatch(twice, 'multipart/mixed; boundary=b')).toThrow(/twice/);
  });

  it('resolves $n references in URLs and in @odata.bind values, and refuses unknown ones', () => {
    const refs = new Map([['1', 'http://crm.test/api/data/v9.2/accounts(abc)']]);
    expect(resolvePartUrl('$1', root, refs).href).toBe(refs.get('1'));
    expect(resolvePartUrl('contacts', root, refs).href).toBe(`${root.href}contacts`);
    expect(() => resolvePartUrl('$2', root, refs)).toThrow(/\$2/);
    const body = JSON.stringify({ lastname: 'X', 'parentcustomerid_account@odata.bind': '$1' });
    expect(JSON.parse(resolveBindReferences(body, refs))).toEqual({
      lastname: 'X',
      'parentcustomerid_account@odata.bind': refs.get('1'),
    });
    expect(() =>
      resolveBindReferences('{"parentcustomerid_account@odata.bind":"$9"}', refs),
    ).toThrow(/\$9/);
    expect(resolveBindReferences('not json "x@odata.bind": "$1"', refs)).toBe(
      'not json "x@odata.bind": "$1"',
    );
  });

  it('writes responses with CRLF line endings and nested change-set boundaries', () => {
    const text = writeMultipartBatch(
      [
        { kind: 'response', contentId: undefined, status: 200, headers: {}, body: '{}' },
        {
          kind: 'changeset',
          responses: [
            {
              kind: 'response',
              contentId: '1',
              status: 204,
              headers: { 'OData-EntityId': 'x' },
              body: '',
            },
          ],
        },
      ],
      'out',
      () => 'cs1',
    );
    expect(text).toContain(`--out${CRLF}Content-Type: multipart/mixed; boundary=cs1`);
    expect(text).toContain(
      `Content-ID: 1${CRLF}${CRLF}HTTP/1.1 204 No Content${CRLF}OData-EntityId: x`,
    );
    expect(text.endsWith(`--out--${CRLF}`)).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });
});
