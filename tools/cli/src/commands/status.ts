import type { Command } from 'commander';
import { table } from '../io';
import type { CliRuntime } from '../runtime';

export function registerStatus(program: Command, rt: CliRuntime) {
  program
    .command('status')
    .description('mappings, coupled records, open errors and the latest jobs')
    .action(async () => {
      const { store } = await rt.context();
      const [mappings, couplings, errors, jobs] = await Promise.all([
        store.mappings.list(),
        store.couplings.countByMapping(),
        store.errors.counts(),
        store.jobs.list({ limit: 10 }),
      ]);
      const status = {
        mappings: mappings.map((m) => ({
          id: m.id,
          direction: m.direction,
          paused: m.paused,
          coupled: couplings[m.id] ?? 0,
          updateConflictPolicy: m.updateConflictPolicy,
          deletionConflictPolicy: m.deletionConflictPolicy,
        })),
        errors,
        jobs: jobs.items.map((j) => ({
          id: j.id,
          mapping: j.mappingId,
          type: j.type,
          status: j.status,
          trigger: j.trigger,
          createdAt: j.createdAt,
          ...j.counters,
        })),
      };
      if (rt.json) {
        rt.io.out(JSON.stringify(status, null, 2));
        return;
      }
      rt.io.out(
        table(status.mappings, [
          'id',
          'direction',
          'paused',
          'coupled',
          'updateConflictPolicy',
          'deletionConflictPolicy',
        ]),
      );
      rt.io.out(`\nOpen errors: ${errors.total} ${JSON.stringify(errors.byKind)}\n`);
      rt.io.out(
        table(status.jobs, [
          'id',
          'mapping',
          'type',
          'status',
          'inserted',
          'modified',
          'failed',
          'createdAt',
        ]),
      );
    });
}
