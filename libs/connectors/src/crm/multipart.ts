/**
 * The `multipart/mixed` wire format of OData `$batch` (OData v4.01 Part 1 §11.7.7, as Dataverse
 * speaks it): CRLF line endings, one `application/http` part per request, change sets as nested
 * multiparts with `Content-ID`s.
 */
export interface HttpPartRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  contentId?: string | undefined;
}

export interface HttpPartResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  contentId: string | undefined;
}

const CRLF = '\r\n';

function writeRequest(req: HttpPartRequest): string {
  const mime = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (req.contentId !== undefined) mime.push(`Content-ID: ${req.contentId}`);
  const lines = [`${req.method} ${req.url} HTTP/1.1`];
  for (const [name, value] of Object.entries(req.headers)) lines.push(`${name}: ${value}`);
  if (req.body !== undefined && !('Content-Type' in req.headers)) {
    lines.push('Content-Type: application/json; type=entry');
  }
  return mime.join(CRLF) + CRLF + CRLF + lines.join(CRLF) + CRLF + CRLF + (req.body ?? '');
}

/** A batch whose requests all sit in one change set (atomic), or each on its own (independent). */
export function writeBatch(
  batchBoundary: string,
  requests: HttpPartRequest[],
  changeSetBoundary: string | undefined,
): string {
  const out: string[] = [];
  if (changeSetBoundary !== undefined) {
    out.push(
      `--${batchBoundary}${CRLF}Content-Type: multipart/mixed; boundary=${changeSetBoundary}${CRLF}${CRLF}`,
    );
    for (const req of requests)
      out.push(`--${changeSetBoundary}${CRLF}${writeRequest(req)}${CRLF}`);
    out.push(`--${changeSetBoundary}--${CRLF}`);
  } else {
    for (const req of requests) out.push(`--${batchBoundary}${CRLF}${writeRequest(req)}${CRLF}`);
  }
  out.push(`--${batchBoundary}--${CRLF}`);
  return out.join('');
}

export function boundaryOf(contentType: string | null): string | undefined {
  if (!contentType) return undefined;
  const match = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

interface MimePart {
  headers: Record<string, string>;
  body: string;
}

function splitHead(text: string): { head: string; rest: string } {
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) return { head: text, rest: '' };
  return { head: text.slice(0, match.index), rest: text.slice(match.index + match[0].length) };
}

function parseHeaders(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function splitMultipart(body: string, boundary: string): MimePart[] {
  const delimiter = `--${boundary}`;
  const segments = body.split(delimiter);
  const parts: MimePart[] = [];
  for (const segment of segments.slice(1)) {
    if (segment.startsWith('--')) break;
    const content = segment.replace(/^[ \t]*\r?\n/, '').replace(/\r?\n$/, '');
    const { head, rest } = splitHead(content);
    parts.push({ headers: parseHeaders(head), body: rest });
  }
  return parts;
}

function parseHttpResponse(text: string, contentId: string | undefined): HttpPartResponse {
  const { head, rest } = splitHead(text);
  const [statusLine = '', ...headerLines] = head.split(/\r?\n/);
  const status = Number(/^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers = parseHeaders(headerLines.join('\r\n'));
  return { status, headers, body: rest.trim(), contentId: contentId ?? headers['content-id'] };
}

/** Flattens a batch response into its HTTP responses in order (change sets expanded in place). */
export function readBatchResponse(body: string, boundary: string): HttpPartResponse[] {
  const responses: HttpPartResponse[] = [];
  for (const part of splitMultipart(body, boundary)) {
    const type = part.headers['content-type'] ?? '';
    if (/^multipart\/mixed/i.test(type)) {
      const inner = boundaryOf(type);
      if (inner) responses.push(...readBatchResponse(part.body, inner));
    } else if (/^application\/http/i.test(type)) {
      responses.push(parseHttpResponse(part.body, part.headers['content-id']));
    }
  }
  return responses;
}
