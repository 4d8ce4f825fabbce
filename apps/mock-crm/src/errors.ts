import type { ErrorStyle } from '@twinsync/odata-kit';

/**
 * Dataverse error codes (`{"error":{"code":"0x…","message"}}`). Codes marked "mock" are the mock's
 * choice where the real service's code is not documented; see docs/decisions/ (mock-crm ADR).
 */
export const crmCodes = {
  /** Record not found (ObjectDoesNotExist). */
  notFound: '0x80040217',
  /** Concurrency: If-Match names an older version (ConcurrencyVersionMismatch). */
  versionMismatch: '0x80060882',
  /** If-None-Match: * (or a create) on an existing key (DuplicateRecord). */
  duplicate: '0x80040237',
  /** OData query/URL errors: unknown property, bad $filter, $skip, bad key. */
  query: '0x80060888',
  /** Resource not found for the segment. */
  segment: '0x8006088a',
  /** Payload errors: malformed JSON, wrong types, bad binds. */
  payload: '0x80048d19',
  /** Attribute validation (length, range, option set value). */
  validation: '0x80044331',
  /** Service protection: number of requests / concurrent requests. */
  tooManyRequests: '0x80072322',
  tooManyConcurrent: '0x80072326',
  /** Unexpected (a mock defect). */
  internal: '0x80040216',
  /** mock: missing or invalid bearer token. */
  unauthorized: '0x80048306',
  /** mock: what the mock does not implement (501). */
  notImplemented: '0x8006088c',
  /** mock: injected 503. */
  unavailable: '0x80044183',
  /** mock: bad `/_mock/` control input. */
  control: '0x80040203',
} as const;

export const crmErrorStyle: ErrorStyle = {
  codes: {
    BadRequest: crmCodes.query,
    'BadRequest.MalformedJson': crmCodes.payload,
    'BadRequest.InvalidType': crmCodes.payload,
    'BadRequest.ReadOnlyProperty': crmCodes.payload,
    'BadRequest.InvalidBind': crmCodes.payload,
    'BadRequest.InvalidBatch': crmCodes.payload,
    'BadRequest.InvalidValue': crmCodes.validation,
    'BadRequest.MissingValue': crmCodes.validation,
    'BadRequest.InvalidControl': crmCodes.control,
    Unauthorized: crmCodes.unauthorized,
    ResourceNotFound: crmCodes.segment,
    EntityNotFound: crmCodes.notFound,
    MethodNotAllowed: crmCodes.query,
    VersionMismatch: crmCodes.versionMismatch,
    AlreadyExists: crmCodes.duplicate,
    PreconditionRequired: crmCodes.query,
    UnsupportedMediaType: crmCodes.payload,
    PayloadTooLarge: crmCodes.payload,
    Throttled: crmCodes.tooManyRequests,
    'Throttled.requests': crmCodes.tooManyRequests,
    'Throttled.injected': crmCodes.tooManyRequests,
    'Throttled.concurrency': crmCodes.tooManyConcurrent,
    NotImplemented: crmCodes.notImplemented,
    ServiceUnavailable: crmCodes.unavailable,
  },
  internalCode: crmCodes.internal,
};
