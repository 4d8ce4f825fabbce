/**
 * The JSON `$batch` helpers live in odata-kit (libs/odata-kit/src/json-batch), but the kit's
 * `index.ts` (owned by the mock-crm work) does not export them yet. Until it does, import the source
 * directly; then replace this file's body with `export * from '@twinsync/odata-kit'`.
 */
// eslint-disable-next-line @nx/enforce-module-boundaries
export * from '../../../../libs/odata-kit/src/json-batch';
