/** Named errors the store raises; the API maps them to tRPC codes at its edge. */

export class StoreConfigError extends Error {
  override readonly name = 'StoreConfigError';
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor(readonly cursor: string) {
    super('The paging cursor is not valid; start again from the first page.');
  }
}

export class RecordNotFoundError extends Error {
  override readonly name = 'RecordNotFoundError';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} does not exist.`);
  }
}

/** A write that needed a lease or lock the caller no longer holds (e.g. a job reclaimed by another worker). */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  constructor(
    readonly entity: string,
    readonly id: string,
    readonly worker: string,
  ) {
    super(`${entity} ${id} is no longer held by worker ${worker}.`);
  }
}
