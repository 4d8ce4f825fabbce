import { SingleBar, Presets } from 'cli-progress';
import type { EngineEvent, TwinSyncEngine } from '@twinsync/sync-engine';
import type { CliIo } from './io';

/** A progress bar fed by the engine's job events; nothing is drawn when not interactive. */
export function showProgress(engine: TwinSyncEngine, io: CliIo, label: string): () => void {
  if (!io.interactive) return () => undefined;
  const bar = new SingleBar(
    {
      format: `${label} {bar} {value} records | {counters}`,
      hideCursor: true,
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  let started = false;
  const unsubscribe = engine.subscribe((event: EngineEvent) => {
    if (event.type !== 'jobProgress') return;
    const counters = Object.entries(event.counters)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    const total = Math.max(event.total ?? event.processed, event.processed, 1);
    if (!started) {
      bar.start(total, event.processed, { counters });
      started = true;
    } else {
      bar.setTotal(total);
      bar.update(event.processed, { counters });
    }
  });
  return () => {
    unsubscribe();
    if (started) bar.stop();
  };
}
