import type { Command } from 'commander';
import { engineErrorKinds, isEngineErrorKind } from '@twinsync/sync-engine';
import { table } from '../io';
import type { CliRuntime } from '../runtime';

export function registerErrors(program: Command, rt: CliRuntime) {
  program
    .command('errors')
    .description('open sync errors, newest first')
    .option('--kind <kind>', `only this error kind: ${engineErrorKinds.join(', ')}`)
    .option('--mapping <name>', 'only this mapping')
    .option('--limit <n>', 'how many', '50')
    .action(async (opts: { kind?: string; mapping?: string; limit: string }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        rt.fail(`--limit must be a whole number from 1 to 1000, got "${opts.limit}"`);
        return;
      }
      if (opts.kind !== undefined && !isEngineErrorKind(opts.kind)) {
        rt.fail(`--kind must be one of ${engineErrorKinds.join(', ')}, got "${opts.kind}"`);
        return;
      }
      const { store } = await rt.context();
      const page = await store.errors.list({
        limit,
        filter: {
          ...(opts.kind ? { kinds: [opts.kind] } : {}),
          ...(opts.mapping ? { mappingId: opts.mapping } : {}),
        },
      });
      if (rt.json) {
        rt.io.out(JSON.stringify(page.items, null, 2));
        return;
      }
      rt.io.out(
        table(
          page.items.map((e) => ({
            ...e,
            coupling: e.couplingId,
            number: e.recordNumber,
            name: e.recordName,
          })),
          ['coupling', 'mappingId', 'number', 'name', 'kind', 'state', 'occurrences', 'message'],
        ),
      );
    });
}
