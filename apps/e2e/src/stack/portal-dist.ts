import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The portal as `vite build` leaves it (`npx nx build @twinsync/portal`). */
export const portalDist = fileURLToPath(new URL('../../../portal/dist', import.meta.url));

export function requirePortalBuild(dir = portalDist): string {
  if (!existsSync(`${dir}/index.html`)) {
    throw new Error(
      `The portal is not built (${relative(process.cwd(), dir) || '.'}/index.html is missing): run \`npx nx build @twinsync/portal\` or \`npm run e2e\`, which builds it first.`,
    );
  }
  return dir;
}
