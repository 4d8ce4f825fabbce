import { pino, type Logger, type DestinationStream } from 'pino';

/**
 * Paths whose values never reach a log line: passwords, tokens, cookies and CSRF headers, wherever
 * they appear in a logged object (request headers, tRPC inputs, config).
 */
export const redactedPaths = [
  'password',
  '*.password',
  '*.*.password',
  'token',
  '*.token',
  '*.*.token',
  'csrfToken',
  '*.csrfToken',
  'authorization',
  '*.authorization',
  '*.*.authorization',
  'cookie',
  '*.cookie',
  '*.*.cookie',
  '*["set-cookie"]',
  '*.*["set-cookie"]',
  '*["x-twinsync-csrf"]',
  '*.*["x-twinsync-csrf"]',
  'sessionId',
  '*.sessionId',
  'databaseUrl',
  '*.databaseUrl',
];

export function createLogger(
  options: { level?: string; name?: string } = {},
  destination?: DestinationStream,
): Logger {
  const config = {
    name: options.name ?? 'sync-server',
    level: options.level ?? 'info',
    redact: { paths: redactedPaths, censor: '[redacted]' },
  };
  return destination ? pino(config, destination) : pino(config);
}
