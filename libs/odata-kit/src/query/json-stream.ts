/**
 * A JSON collection body written as a stream: the head, then each chunk of records as it is read
 * from the database, then the tail (which may depend on what was read, e.g. the next link).
 */
export function jsonCollectionStream(
  head: Record<string, unknown>,
  chunks: AsyncIterable<readonly unknown[]>,
  tail: () => Record<string, unknown>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  let state: 'head' | 'rows' | 'done' = 'head';
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (state === 'head') {
          const text = JSON.stringify(head);
          controller.enqueue(
            encoder.encode(`${text.slice(0, -1)}${text === '{}' ? '' : ','}"value":[`),
          );
          state = 'rows';
          return;
        }
        if (state === 'rows') {
          const step = await iterator.next();
          if (!step.done) {
            const parts = step.value.map((r) => JSON.stringify(r));
            if (parts.length > 0) {
              controller.enqueue(encoder.encode((first ? '' : ',') + parts.join(',')));
              first = false;
            }
            return;
          }
          const t = JSON.stringify(tail());
          controller.enqueue(encoder.encode(`]${t === '{}' ? '' : `,${t.slice(1, -1)}`}}`));
          state = 'done';
          controller.close();
        }
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
