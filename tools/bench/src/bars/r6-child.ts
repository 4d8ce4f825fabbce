/** What R6's forked children (r6-mock.ts, r6-worker.ts) share. */

export interface FailedReply {
  type: 'failed';
  error: string;
}

/** A child that could not start: tells the harness why (with the stack), then leaves. */
export function failStartup(error: unknown, send: (reply: FailedReply) => void): void {
  send({
    type: 'failed',
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  process.exitCode = 1;
  process.disconnect?.();
}
