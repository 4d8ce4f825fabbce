import type { TwinSyncEngine } from '@twinsync/sync-engine';
import type { CliRuntime } from './runtime';

/**
 * Probes both apps before work that needs them. An unreachable app or a refused token is reported
 * in plain words (with the URL) and the command ends with exit code 1 instead of a stack trace.
 */
export async function appsReachable(rt: CliRuntime, engine: TwinSyncEngine): Promise<boolean> {
  const probes = await engine.probeApps();
  const bad = probes.filter((p) => p.stage !== 'ok');
  if (bad.length === 0) return true;
  for (const p of bad) {
    const hint =
      p.stage === 'auth'
        ? `check ${p.app.toUpperCase()}_TOKEN`
        : `check ${p.app.toUpperCase()}_URL and that the app is running`;
    rt.io.err(`${p.message} (${hint})`);
  }
  rt.exitCode = 1;
  return false;
}
