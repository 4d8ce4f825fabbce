/**
 * Named errors of the Business Central mock. Each carries the HTTP status and the BC error code;
 * `http/error-response.ts` turns them into `{"error":{"code","message"}}` in one place.
 */
export abstract class BcError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
}

/** Unknown URL segment, entity set or navigation. */
export class ResourceNotFoundError extends BcError {
  readonly status = 404;
  readonly code = 'BadRequest_NotFound';
  constructor(path: string) {
    super(`No HTTP resource was found that matches the request URI '${path}'.`);
    this.name = 'ResourceNotFoundError';
  }
}

export class RecordNotFoundError extends BcError {
  readonly status = 404;
  readonly code = 'Internal_RecordNotFound';
  constructor(tableName: string, id: string) {
    super(`The ${tableName} does not exist. Identification fields and values: Id='${id}'`);
    this.name = 'RecordNotFoundError';
  }
}

export class CompanyNotFoundError extends BcError {
  readonly status = 404;
  readonly code = 'Internal_CompanyNotFound';
  constructor(companyId: string) {
    super(`Cannot open company '${companyId}'. The company does not exist.`);
    this.name = 'CompanyNotFoundError';
  }
}

/** PATCH/DELETE without If-Match (BC answers 400 BadRequest_InvalidToken). */
export class ConcurrencyTokenRequiredError extends BcError {
  readonly status = 400;
  readonly code = 'BadRequest_InvalidToken';
  constructor() {
    super(
      'Could not validate the client concurrency token required by the service. Please provide a valid token in the client request.',
    );
    this.name = 'ConcurrencyTokenRequiredError';
  }
}

/** If-Match names an older version of the record. */
export class EntityChangedError extends BcError {
  readonly status = 409;
  readonly code = 'Request_EntityChanged';
  constructor() {
    super('Another user has already changed the record.');
    this.name = 'EntityChangedError';
  }
}

export class DuplicateKeyError extends BcError {
  readonly status = 400;
  readonly code = 'Internal_EntityWithSameKeyExists';
  constructor(tableName: string, number: string) {
    super(
      `The record in table ${tableName} already exists. Identification fields and values: No.='${number}'`,
    );
    this.name = 'DuplicateKeyError';
  }
}

/** A value the business logic rejects (format, range, option value). */
export class FieldValidationError extends BcError {
  readonly status = 400;
  readonly code = 'Application_FieldValidationException';
  constructor(message: string) {
    super(message);
    this.name = 'FieldValidationError';
  }
}

export class StringExceededLengthError extends BcError {
  readonly status = 400;
  readonly code = 'Application_StringExceededLength';
  constructor(field: string, tableName: string, length: number, max: number) {
    super(
      `The length of the string is ${length}, but it must be less than or equal to ${max} characters. Field: ${field}, Table: ${tableName}.`,
    );
    this.name = 'StringExceededLengthError';
  }
}

/** A reference (e.g. contact.companyNumber) to a record that does not exist. */
export class InvalidTableRelationError extends BcError {
  readonly status = 400;
  readonly code = 'Internal_InvalidTableRelation';
  constructor(field: string, value: string, related: string) {
    super(
      `The field ${field} contains a value (${value}) that cannot be found in the related table (${related}).`,
    );
    this.name = 'InvalidTableRelationError';
  }
}

/** Malformed request: bad JSON, unknown property, wrong type, bad query option. */
export class BadRequestError extends BcError {
  readonly status = 400;
  readonly code: string;
  constructor(message: string, code = 'BadRequest') {
    super(message);
    this.name = 'BadRequestError';
    this.code = code;
  }
}

export class MethodNotAllowedError extends BcError {
  readonly status = 405;
  readonly code = 'BadRequest_MethodNotAllowed';
  constructor(method: string, path: string) {
    super(`The requested resource does not support http method '${method}' on '${path}'.`);
    this.name = 'MethodNotAllowedError';
  }
}

export class UnauthorizedError extends BcError {
  readonly status = 401;
  readonly code = 'Authentication_InvalidCredentials';
  constructor() {
    super('The server has rejected the client credentials.');
    this.name = 'UnauthorizedError';
  }
}

/** A feature the mock deliberately does not implement: 501 naming what is missing. */
export class NotImplementedError extends BcError {
  readonly status = 501;
  readonly code = 'BadRequest_NotImplemented';
  constructor(what: string) {
    super(`${what} is not implemented by the Business Central mock.`);
    this.name = 'NotImplementedError';
  }
}
