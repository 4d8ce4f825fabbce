import type { Command } from 'commander';
import type { HistorySubject } from '@twinsync/sync-store';
import { table } from '../io';
import type { CliRuntime } from '../runtime';

export function registerLog(program: Command, rt: CliRuntime) {
  program
    .command('log')
    .description("a record's synchronization log (by coupling id, ERP id, CRM id or number)")
    .argument('<record>', 'coupling id, ERP id, CRM id or record number')
    .option('--limit <n>', 'how many events', '50')
    .action(async (key: string, opts: { limit: string }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        rt.fail(`--limit must be a whole number from 1 to 1000, got "${opts.limit}"`);
        return;
      }
      const { store } = await rt.context();
      const coupling = await store.couplings.findByAnyKey(key);
      const subjects: HistorySubject[] = coupling
        ? [{ couplingId: coupling.id }]
        : (await store.mappings.list()).flatMap((m) => [
            { mappingId: m.id, erpId: key },
            { mappingId: m.id, crmId: key },
          ]);
      const events = (
        await Promise.all(subjects.map((s) => store.history.listForRecord(s, { limit })))
      ).flatMap((p) => p.items);
      if (events.length === 0 && !coupling) {
        rt.fail(`No record "${key}" is known to sync.`);
        return;
      }
      if (rt.json) {
        rt.io.out(JSON.stringify({ coupling, events }, null, 2));
        return;
      }
      if (coupling) {
        rt.io.out(
          `${coupling.mappingId} ${coupling.recordNumber ?? ''} ${coupling.recordName ?? ''} — ERP ${coupling.erpId ?? '-'} / CRM ${coupling.crmId ?? '-'} — ${coupling.state}${coupling.skipped ? ' (skipped)' : ''}\n`,
        );
      }
      rt.io.out(
        table(
          events.map((e) => ({
            ...e,
            changes: e.changedFields
              .map(
                (f) =>
                  `${f}: ${JSON.stringify(e.before?.[f] ?? null)} → ${JSON.stringify(e.after?.[f] ?? null)}`,
              )
              .join('; '),
          })),
          ['at', 'outcome', 'direction', 'jobId', 'changes', 'message'],
        ),
      );
    });
}
