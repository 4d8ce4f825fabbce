import type { EngineErrorKind } from '../domain/domain';

/** Every error kind the engine records, in display order (a missing kind does not compile). */
const kinds = {
  conflict: 'both apps changed the same field',
  deleted: 'the twin was deleted in one app',
  validation: 'an app refused the values',
  'concurrent-edit': 'a user changed the record while sync wrote it',
  throttled: 'an app asked to slow down (429)',
  transport: 'an app could not be reached or failed (5xx)',
  auth: 'an app refused the credentials',
  unknown: 'anything else',
} satisfies Record<EngineErrorKind, string>;

export const engineErrorKinds = Object.keys(kinds) as EngineErrorKind[];

/** A one-line explanation of an error kind. */
export function describeErrorKind(kind: EngineErrorKind): string {
  return kinds[kind];
}

export function isEngineErrorKind(value: string): value is EngineErrorKind {
  return Object.hasOwn(kinds, value);
}
