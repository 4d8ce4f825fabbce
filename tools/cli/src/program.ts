import { Command, CommanderError } from 'commander';
import { registerActions } from './commands/actions';
import { registerErrors } from './commands/errors';
import { registerLog } from './commands/log';
import { registerStatus } from './commands/status';
import { registerSync } from './commands/sync';
import { registerSyncRecord } from './commands/sync-record';
import { openFromEnv, type OpenContext } from './context';
import { processIo, type CliIo } from './io';
import { createRuntime } from './runtime';

export interface CliDeps {
  env: Record<string, string | undefined>;
  io?: CliIo;
  open?: OpenContext;
}

/** Runs one CLI invocation (argv without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const io = deps.io ?? processIo;
  const rt = createRuntime(io, deps.env, deps.open ?? openFromEnv);
  const program = new Command('twinsync')
    .description('TwinSync: two-way sync between the ERP and the CRM')
    .option('--json', 'machine-readable output', false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .hook('preAction', (cmd) => {
      rt.json = Boolean(cmd.optsWithGlobals<{ json?: boolean }>().json);
      if (rt.json) rt.io = { ...io, interactive: false };
    });
  registerSync(program, rt);
  registerSyncRecord(program, rt);
  registerStatus(program, rt);
  registerErrors(program, rt);
  registerLog(program, rt);
  registerActions(program, rt);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return rt.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    io.err(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    await rt.close();
  }
}
