import { BadRequestError } from '../errors/odata-errors';
import type { BatchPart, BatchRequestPart } from './multipart-types';

const invalid = (message: string) => new BadRequestError(message, 'InvalidBatch');

/** `multipart/mixed;boundary=x` (with or without spaces or quotes) → `x`. */
export function boundaryOf(contentType: string | null): string | undefined {
  if (contentType === null || !/^\s*multipart\/mixed\b/i.test(contentType)) return undefined;
  const m = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The body parts between `--boundary` delimiter lines (preamble and epilogue dropped). */
function splitParts(body: string, boundary: string): string[] {
  const delimiter = new RegExp(
    `(?:^|\\r?\\n)--${escapeRegExp(boundary)}(--)?[ \\t]*(?:\\r?\\n|$)`,
    'g',
  );
  const parts: string[] = [];
  let start = -1;
  let closed = false;
  let m: RegExpExecArray | null;
  while ((m = delimiter.exec(body)) !== null) {
    if (start >= 0) parts.push(body.slice(start, m.index));
    if (m[1] === '--') {
      closed = true;
      break;
    }
    start = m.index + m[0].length;
  }
  if (!closed)
    throw invalid(`The batch body does not end with the closing delimiter '--${boundary}--'.`);
  return parts;
}

/** Splits `head CRLF CRLF body` and reads the head's header lines. */
function splitHead(text: string): {
  headers: Record<string, string>;
  firstLine: string;
  rest: string;
} {
  const m = /\r?\n\r?\n/.exec(text);
  const head = m ? text.slice(0, m.index) : text;
  const rest = m ? text.slice(m.index + m[0].length) : '';
  const [firstLine = '', ...lines] = head.split(/\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw invalid(`The batch header line '${line.slice(0, 80)}' is not valid.`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, firstLine, rest };
}

function mimeHeaders(text: string): { headers: Record<string, string>; rest: string } {
  // MIME part headers have no first line of their own: parse from a synthetic empty line.
  const { headers, rest } = splitHead(`\r\n${text}`);
  return { headers, rest };
}

function readRequest(part: string): BatchRequestPart {
  const mime = mimeHeaders(part);
  const type = mime.headers['content-type'] ?? '';
  if (!/^application\/http\b/i.test(type)) {
    throw invalid(`A batch part must have Content-Type application/http, not '${type}'.`);
  }
  const http = splitHead(mime.rest);
  const line = /^([A-Z]+)\s+(\S+)(?:\s+HTTP\/\d(?:\.\d)?)?\s*$/.exec(http.firstLine.trim());
  if (!line?.[1] || !line[2])
    throw invalid(`The request line '${http.firstLine.slice(0, 120)}' is not valid.`);
  const contentId = mime.headers['content-id'] ?? http.headers['content-id'];
  return {
    kind: 'request',
    method: line[1],
    url: line[2],
    headers: http.headers,
    body: http.rest.replace(/\r?\n$/, ''),
    contentId,
  };
}

/**
 * Parses an OData `multipart/mixed` `$batch` body (CRLF line endings; LF tolerated): top-level
 * requests and change sets. Malformed → 400 'InvalidBatch'.
 */
export function parseMultipartBatch(body: string, contentType: string | null): BatchPart[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) {
    throw invalid(
      `A $batch request needs Content-Type multipart/mixed with a boundary, not '${contentType ?? ''}'.`,
    );
  }
  return splitParts(body, boundary).map((part): BatchPart => {
    const mime = mimeHeaders(part);
    const type = mime.headers['content-type'] ?? '';
    const inner = boundaryOf(type);
    if (!inner) return readRequest(part);
    const requests = splitParts(mime.rest, inner).map(readRequest);
    const ids = new Set<string>();
    for (const r of requests) {
      if (r.contentId === undefined) continue;
      if (ids.has(r.contentId))
        throw invalid(`The Content-ID '${r.contentId}' is used twice in one change set.`);
      ids.add(r.contentId);
    }
    for (const r of requests) {
      if (r.method === 'GET') throw invalid('A change set may not contain GET requests.');
    }
    return { kind: 'changeset', requests };
  });
}
