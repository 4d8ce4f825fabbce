import { describe, expect, it } from 'vitest';
import { boundaryOf, readBatchResponse, writeBatch } from './multipart';

describe('multipart $batch', () => {
  it('writes a change set with CRLF line endings, Content-IDs and absolute request lines', () => {
    const body = writeBatch(
      'batch_1',
      [
        {
          method: 'PATCH',
          url: 'http://h/api/data/v9.2/accounts(1)',
          headers: { 'If-None-Match': '*' },
          body: '{"name":"A"}',
          contentId: '1',
        },
      ],
      'changeset_1',
    );
    expect(body).toBe(
      '--batch_1\r\nContent-Type: multipart/mixed; boundary=changeset_1\r\n\r\n' +
        '--changeset_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 1\r\n\r\n' +
        'PATCH http://h/api/data/v9.2/accounts(1) HTTP/1.1\r\nIf-None-Match: *\r\nContent-Type: application/json; type=entry\r\n\r\n' +
        '{"name":"A"}\r\n--changeset_1--\r\n--batch_1--\r\n',
    );
  });

  it('reads the boundary with or without a space and quotes', () => {
    expect(boundaryOf('multipart/mixed;boundary=batchresponse_x')).toBe('batchresponse_x');
    expect(boundaryOf('multipart/mixed; boundary="b y"')).toBe('b y');
    expect(boundaryOf(null)).toBeUndefined();
  });

  it('reads the responses of a change set in order with their status, headers and Content-ID', () => {
    const text =
      '--batchresponse_a\r\nContent-Type: multipart/mixed; boundary=changesetresponse_b\r\n\r\n' +
      '--changesetresponse_b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 1\r\n\r\n' +
      'HTTP/1.1 204 No Content\r\nOData-Version: 4.0\r\nOData-EntityId: http://h/api/data/v9.2/accounts(aaa)\r\n\r\n\r\n' +
      '--changesetresponse_b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 2\r\n\r\n' +
      'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"name":"B"}\r\n' +
      '--changesetresponse_b--\r\n--batchresponse_a--\r\n';
    const responses = readBatchResponse(text, 'batchresponse_a');
    expect(responses).toEqual([
      {
        status: 204,
        headers: {
          'odata-version': '4.0',
          'odata-entityid': 'http://h/api/data/v9.2/accounts(aaa)',
        },
        body: '',
        contentId: '1',
      },
      {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"name":"B"}',
        contentId: '2',
      },
    ]);
  });

  it('reads top-level responses of an independent batch, also with LF-only line endings', () => {
    const text =
      '--r\nContent-Type: application/http\n\nHTTP/1.1 400 Bad Request\n\n{"error":{"code":"0x1","message":"bad"}}\n' +
      '--r\nContent-Type: application/http\n\nHTTP/1.1 204 No Content\n\n\n--r--\n';
    const responses = readBatchResponse(text, 'r');
    expect(responses.map((r) => r.status)).toEqual([400, 204]);
    expect(JSON.parse(responses[0]!.body)).toEqual({ error: { code: '0x1', message: 'bad' } });
  });
});
