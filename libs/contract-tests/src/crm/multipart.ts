/**
 * A small, independent reader and writer of OData `multipart/mixed` batches for the contract
 * (deliberately not the mock's own code, so the suite checks the wire format).
 */
const CRLF = '\r\n';

export interface PartRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  contentId?: string;
}

export type BatchItem = PartRequest | { changeSet: PartRequest[] };

function writeRequest(r: PartRequest): string {
  const mime = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (r.contentId !== undefined) mime.push(`Content-ID: ${r.contentId}`);
  const lines = [`${r.method} ${r.url} HTTP/1.1`];
  const headers = { ...r.headers };
  if (r.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
    headers['Content-Type'] = 'application/json; type=entry';
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  const body =
    r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  return `${mime.join(CRLF)}${CRLF}${CRLF}${lines.join(CRLF)}${CRLF}${CRLF}${body}`;
}

/** A batch body with CRLF line endings; change sets get their own boundary. */
export function writeBatch(boundary: string, items: BatchItem[]): string {
  let out = '';
  items.forEach((item, i) => {
    out += `--${boundary}${CRLF}`;
    if ('changeSet' in item) {
      const inner = `changeset_${boundary}_${i}`;
      out += `Content-Type: multipart/mixed; boundary=${inner}${CRLF}${CRLF}`;
      for (const r of item.changeSet) out += `--${inner}${CRLF}${writeRequest(r)}${CRLF}`;
      out += `--${inner}--${CRLF}`;
    } else {
      out += `${writeRequest(item)}${CRLF}`;
    }
  });
  return `${out}--${boundary}--${CRLF}`;
}

export interface PartResponse {
  status: number;
  headers: Record<string, string>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- contract assertions read arbitrary JSON
  contentId: string | undefined;
  /** Index of the change set it answered, undefined for a top-level response. */
  changeSet: number | undefined;
}

function boundaryOf(type: string): string | undefined {
  const m = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(type);
  return m?.[1] ?? m?.[2];
}

function split(text: string, boundary: string): string[] {
  const parts: string[] = [];
  for (const seg of text.split(`--${boundary}`).slice(1)) {
    if (seg.startsWith('--')) break;
    parts.push(seg.replace(/^\r\n/, '').replace(/\r\n$/, ''));
  }
  return parts;
}

function head(text: string): { headers: Record<string, string>; first: string; rest: string } {
  const at = text.indexOf(`${CRLF}${CRLF}`);
  const top = at < 0 ? text : text.slice(0, at);
  const rest = at < 0 ? '' : text.slice(at + 4);
  const [first = '', ...lines] = top.split(CRLF);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const c = line.indexOf(':');
    if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
  }
  return { headers, first, rest };
}

/** Reads a `multipart/mixed` batch response into its HTTP responses, change sets flattened. */
export function readBatch(text: string, contentType: string | null): PartResponse[] {
  if (!text.includes(CRLF)) throw new Error('batch response without CRLF line endings');
  const boundary = boundaryOf(contentType ?? '');
  if (!boundary) throw new Error(`batch response without boundary: ${contentType ?? ''}`);
  const out: PartResponse[] = [];
  let changeSetIndex = 0;
  const readPart = (part: string, changeSet: number | undefined) => {
    const mime = head(`${CRLF}${part}`);
    const type = mime.headers['content-type'] ?? '';
    const inner = /^multipart\/mixed/i.test(type) ? boundaryOf(type) : undefined;
    if (inner) {
      const index = changeSetIndex++;
      for (const p of split(mime.rest, inner)) readPart(p, index);
      return;
    }
    const http = head(mime.rest);
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(http.first)?.[1] ?? 0);
    let body: unknown = http.rest === '' ? undefined : http.rest;
    try {
      body = http.rest === '' ? undefined : JSON.parse(http.rest);
    } catch {
      // not JSON: keep the text
    }
    out.push({
      status,
      headers: http.headers,
      body,
      contentId: mime.headers['content-id'],
      changeSet,
    });
  };
  for (const part of split(text, boundary)) readPart(part, undefined);
  return out;
}
