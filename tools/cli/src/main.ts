import { runCli } from './program';

// `npm run twinsync -- <command>`; configured by CRM_URL, CRM_TOKEN, ERP_URL, ERP_TOKEN,
// DATABASE_URL or TWINSYNC_DB.
runCli(process.argv.slice(2), { env: process.env }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
