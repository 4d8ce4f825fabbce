import { STATUS_CODES } from 'node:http';
import type { BatchResponseItem, BatchResponsePart } from './multipart-types';

const CRLF = '\r\n';

function writeResponse(r: BatchResponsePart): string {
  const mime = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (r.contentId !== undefined) mime.push(`Content-ID: ${r.contentId}`);
  const lines = [`HTTP/1.1 ${r.status} ${STATUS_CODES[r.status] ?? ''}`.trimEnd()];
  for (const [name, value] of Object.entries(r.headers)) lines.push(`${name}: ${value}`);
  return `${mime.join(CRLF)}${CRLF}${CRLF}${lines.join(CRLF)}${CRLF}${CRLF}${r.body}`;
}

/** Serialises `$batch` responses as `multipart/mixed` with CRLF line endings. */
export function writeMultipartBatch(
  items: readonly BatchResponseItem[],
  boundary: string,
  changeSetBoundary: (index: number) => string,
): string {
  const out: string[] = [];
  items.forEach((item, index) => {
    out.push(`--${boundary}${CRLF}`);
    if (item.kind === 'response') {
      out.push(writeResponse(item), CRLF);
      return;
    }
    const inner = changeSetBoundary(index);
    out.push(`Content-Type: multipart/mixed; boundary=${inner}${CRLF}${CRLF}`);
    for (const r of item.responses) out.push(`--${inner}${CRLF}`, writeResponse(r), CRLF);
    out.push(`--${inner}--${CRLF}`);
  });
  out.push(`--${boundary}--${CRLF}`);
  return out.join('');
}
