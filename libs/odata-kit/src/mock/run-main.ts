export interface RunningMockServer {
  url: string;
  close(): Promise<void>;
}

export interface MockMainOptions<E extends { port: number }> {
  /** Used in every line it prints, e.g. `mock-crm`. */
  name: string;
  /** The variable to name when the port is taken, e.g. `MOCK_CRM_PORT`. */
  portVariable: string;
  readEnv(): E;
  start(env: E): Promise<RunningMockServer>;
  /** The line printed once listening. */
  banner(url: string, env: E): string;
}

/**
 * The `npm run mock-…` entry point of a mock app: reads its settings (a bad one stops the start
 * with its message), listens, names a taken port and the variable to change, and stops cleanly on
 * SIGTERM/SIGINT.
 */
export async function runMockServer<E extends { port: number }>(
  options: MockMainOptions<E>,
): Promise<void> {
  const { name } = options;
  let env: E;
  try {
    env = options.readEnv();
  } catch (err) {
    console.error(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  try {
    const running = await options.start(env);
    console.log(options.banner(running.url, env));
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`${name}: ${signal}, stopping`);
      running.close().then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(`${name}: error while stopping`, err);
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(
        `${name}: port ${env.port} is already in use (set ${options.portVariable} to another port)`,
      );
    } else {
      console.error(`${name}: failed to start`, err);
    }
    process.exit(1);
  }
}
