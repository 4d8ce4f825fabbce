// Public API of @twinsync/odata-kit: what the two mocks share. Add exports; do not rename.

// Errors: named classes, mapped to HTTP + the service's own codes in one place.
export {
  ODataError,
  BadRequestError,
  UnauthorizedError,
  ResourceNotFoundError,
  EntityNotFoundError,
  MethodNotAllowedError,
  VersionMismatchError,
  AlreadyExistsError,
  PreconditionRequiredError,
  UnsupportedMediaTypeError,
  PayloadTooLargeError,
  ThrottledError,
  NotImplementedError,
  ServiceUnavailableError,
  defaultStatus,
  type ODataErrorKind,
  type ThrottleReason,
} from './errors/odata-errors';
export {
  errorResponse,
  errorCode,
  errorStatus,
  asODataError,
  type ErrorStyle,
  type MappedError,
} from './errors/error-response';

// HTTP helpers.
export type { FetchHandler } from './http/fetch-handler';
export {
  jsonResponse,
  emptyResponse,
  textResponse,
  readJsonObject,
  readTextLimited,
  odataJsonContentType,
} from './http/responses';
export { parsePrefer, type Preferences } from './http/prefer';
export {
  weakEtag,
  parseEtagHeader,
  etagValue,
  evaluatePreconditions,
  type PreconditionOutcome,
} from './http/etag';
export { toExpress } from './http/express-adapter';
export { toMswHandlers } from './http/msw-adapter';
export { serveHandler, type ServeOptions, type ServedHandler } from './http/serve';

// Entity-set descriptions → tables, validation, JSON, $metadata.
export {
  columnOf,
  columnNames,
  visibleColumns,
  lookupByNavigation,
  collectionByNavigation,
  createModel,
  type ColumnType,
  type ColumnDef,
  type LookupDef,
  type CollectionDef,
  type EntitySetDef,
  type EntityModel,
} from './schema/entity-set';
export { isGuid, normalizeGuid } from './schema/guid';
export { toStored, fromStored, storedDateTime, type StoredValue } from './schema/values';
export {
  validateBody,
  parseEntityReference,
  type ValidateOptions,
  type ValidatedBody,
  type BindValue,
} from './schema/validate';
export { createEntityTable, rowToJson } from './schema/tables';
export { buildCsdl, serviceDocument, type CsdlOptions } from './schema/csdl';

// Query options → SQL through knex.
export type {
  FilterNode,
  FilterValue,
  ComparisonOperator,
  StringFunction,
} from './query/filter-ast';
export { parseFilter } from './query/filter-parse';
export { applyFilter } from './query/filter-sql';
export {
  parseQueryOptions,
  parseSelect,
  splitTopLevel,
  type QueryOptions,
  type QueryRules,
  type OrderKey,
  type ExpandItem,
} from './query/options';
export {
  encodeSkipToken,
  decodeSkipToken,
  queryFingerprint,
  type SkipTokenState,
} from './query/skip-token';
export {
  createPageReader,
  orderKeysOf,
  type PageReader,
  type PageRequest,
  type Row,
} from './query/page-reader';
export { loadExpansions, type ExpandResult } from './query/expand';
export { jsonCollectionStream } from './query/json-stream';

// multipart/mixed $batch (Dataverse form).
export type {
  BatchPart,
  BatchRequestPart,
  BatchChangeSetPart,
  BatchResponseItem,
  BatchResponsePart,
  BatchChangeSetResponse,
} from './batch/multipart-types';
export { countBatchRequests } from './batch/multipart-types';
export { parseMultipartBatch, boundaryOf } from './batch/multipart-parse';
export { writeMultipartBatch } from './batch/multipart-write';
export {
  executeMultipartBatch,
  resolvePartUrl,
  resolveBindReferences,
  toPartRequest,
  toResponsePart,
  type ExecuteMultipartBatchOptions,
} from './batch/multipart-execute';

// JSON $batch (Business Central form; owned by the mock-erp helper).
export * from './json-batch';

// Faults, limits, counters, clock.
export {
  noFaults,
  parseFaults,
  decideFault,
  droppedConnection,
  isDroppedConnection,
  type Faults,
  type FaultKind,
  type FaultDecision,
} from './protection/faults';
export {
  createLimiter,
  parseLimits,
  type Limits,
  type Limiter,
  type LimiterCodes,
} from './protection/limiter';
export { createManualClock, type Clock, type ManualClock } from './protection/clock';
export {
  freshCounters,
  countRequest,
  copyCounters,
  type RequestCounters,
} from './protection/counters';

// Mock apps: the shared shape and the /_mock/ control routes.
export type { MockApp, MockControls } from './mock/mock-app';
export { runMockServer, type MockMainOptions, type RunningMockServer } from './mock/run-main';
export {
  controlRoute,
  controlPrefix,
  isControlPath,
  type ControlRouteOptions,
} from './mock/control-routes';
export { createPrng, type Prng } from './mock/prng';
