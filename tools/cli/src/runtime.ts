import type { CliContext, OpenContext } from './context';
import type { CliIo } from './io';

/** State shared by the commands of one CLI invocation. */
export interface CliRuntime {
  io: CliIo;
  json: boolean;
  actor: string;
  exitCode: number;
  /** Opens store (and engine on demand) once. */
  context(): Promise<CliContext>;
  /** Reports a usage problem and sets exit code 2. */
  fail(message: string): void;
}

export function createRuntime(
  io: CliIo,
  env: Record<string, string | undefined>,
  open: OpenContext,
): CliRuntime & { close(): Promise<void> } {
  let opened: Promise<CliContext> | null = null;
  const rt = {
    io,
    json: false,
    actor: env['TWINSYNC_ACTOR'] ?? env['USER'] ?? 'cli',
    exitCode: 0,
    context: () => (opened ??= open(env)),
    fail(message: string) {
      io.err(message);
      rt.exitCode = 2;
    },
    async close() {
      if (opened) await (await opened).close();
    },
  };
  return rt;
}
