import { router } from '../trpc';
import { actionsRouter } from './actions';
import { auditRouter } from './audit';
import { authRouter } from './auth';
import { couplingsRouter } from './couplings';
import { diagnosticsRouter } from './diagnostics';
import { errorsRouter } from './errors';
import { jobsRouter } from './jobs';
import { liveRouter } from './live';
import { mappingsRouter } from './mappings';
import { recordsRouter } from './records';

export const appRouter = router({
  auth: authRouter,
  errors: errorsRouter,
  actions: actionsRouter,
  records: recordsRouter,
  jobs: jobsRouter,
  mappings: mappingsRouter,
  couplings: couplingsRouter,
  diagnostics: diagnosticsRouter,
  audit: auditRouter,
  live: liveRouter,
});

export type AppRouter = typeof appRouter;
