import {
  AlreadyExistsError,
  applyFilter,
  BadRequestError,
  EntityNotFoundError,
  MethodNotAllowedError,
  NotImplementedError,
  ResourceNotFoundError,
  VersionMismatchError,
  buildCsdl,
  emptyResponse,
  evaluatePreconditions,
  isGuid,
  jsonResponse,
  lookupByNavigation,
  collectionByNavigation,
  columnOf,
  parseEtagHeader,
  parsePrefer,
  parseQueryOptions,
  readJsonObject,
  serviceDocument,
  textResponse,
  weakEtag,
  type EntitySetDef,
  type StoredValue,
} from '@twinsync/odata-kit';
import { apiRoot, entitySets, model, namespace, validateFor } from '../model';
import {
  deleteRecord,
  findRow,
  inTransaction,
  insertIfAbsent,
  insertRecord,
  updateRecord,
  versionOf,
  type Db,
  type WriteContext,
} from '../store/records';
import { listCollection, queryRules } from './listing';
import { contextFragment, recordsJson } from './representation';

export interface ApiDeps {
  write: WriteContext;
  currentVersion: () => number;
  /** Handles `POST $batch` (wired by the app, which owns transactions). */
  batch: (req: Request, serviceRoot: string) => Promise<Response>;
}

const csdl = buildCsdl({
  namespace,
  containerName: 'System',
  alias: 'mscrm',
  sets: entitySets,
});

/** A resource path below the service root. */
type Target =
  | { kind: 'root' }
  | { kind: 'metadata' }
  | { kind: 'batch' }
  | { kind: 'collection'; set: EntitySetDef }
  | { kind: 'count'; set: EntitySetDef }
  | { kind: 'entity'; set: EntitySetDef; id: string };

const segmentPattern = /^([A-Za-z_][\w.]*)(?:\((.*)\))?$/s;

function parseKey(set: EntitySetDef, text: string): string {
  let value = text.trim();
  const eq = value.indexOf('=');
  if (eq >= 0) {
    const name = value.slice(0, eq).trim();
    if (name !== set.key) {
      throw new NotImplementedError(
        `Alternate keys ('${value.slice(0, 100)}') on '${set.name}'`,
        'mock-crm',
      );
    }
    value = value.slice(eq + 1).trim();
  }
  if (!isGuid(value)) {
    throw new BadRequestError(
      `Bad Request - Error in query syntax: the key '${text.slice(0, 100)}' of '${set.name}' is not a GUID.`,
      'InvalidKey',
    );
  }
  return value.toLowerCase();
}

export function parseTarget(pathname: string): Target {
  let rest = pathname.slice(apiRoot.length).replace(/^\/+/, '');
  try {
    rest = decodeURIComponent(rest);
  } catch {
    throw new BadRequestError(`The path '${pathname.slice(0, 200)}' is not valid.`, 'InvalidQuery');
  }
  rest = rest.replace(/\/+$/, '');
  if (rest === '') return { kind: 'root' };
  if (rest === '$metadata') return { kind: 'metadata' };
  if (rest === '$batch') return { kind: 'batch' };
  const [first = '', second, ...more] = rest.split('/');
  const m = segmentPattern.exec(first);
  const set = m?.[1] === undefined ? undefined : model.get(m[1]);
  if (!m || !set) throw new ResourceNotFoundError(m?.[1] ?? first);
  const keyText = m[2];
  if (keyText === undefined) {
    if (second === undefined) return { kind: 'collection', set };
    if (second === '$count' && more.length === 0) return { kind: 'count', set };
    throw new ResourceNotFoundError(second);
  }
  const id = parseKey(set, keyText);
  if (second === undefined) return { kind: 'entity', set, id };
  if (
    columnOf(set, second) ||
    lookupByNavigation(set, second) ||
    collectionByNavigation(set, second) ||
    second === '$ref'
  ) {
    throw new NotImplementedError(
      `Addressing '${second}' of a single record (${set.name}(<id>)/${second})`,
      'mock-crm',
    );
  }
  throw new ResourceNotFoundError(second);
}

/** The Dataverse Web API routes below `/api/data/v9.2/` over one database scope. */
export function createApi(deps: ApiDeps) {
  const entityUrl = (root: string, set: EntitySetDef, id: string) => `${root}${set.name}(${id})`;

  async function readBody(set: EntitySetDef, req: Request, mode: 'create' | 'update') {
    return validateFor(set, await readJsonObject(req), mode);
  }

  /** The answer to a create or update: 204 + OData-EntityId, or the record with return=representation. */
  async function written(
    db: Db,
    root: string,
    set: EntitySetDef,
    row: Record<string, unknown>,
    req: Request,
    url: URL,
    created: boolean,
  ): Promise<Response> {
    const id = String(row[set.key]);
    const headers: Record<string, string> = { 'OData-EntityId': entityUrl(root, set, id) };
    const prefer = parsePrefer(req.headers.get('prefer'));
    if (!prefer.returnRepresentation) return emptyResponse(204, headers);
    const options = parseQueryOptions(set, url.searchParams, queryRules(set));
    const [json] = await recordsJson(db, set, [row], options.select, options.expand);
    return jsonResponse(
      created ? 201 : 200,
      {
        '@odata.context': `${root}$metadata#${contextFragment(set, options.select)}/$entity`,
        ...json,
      },
      { ...headers, 'preference-applied': 'return=representation', etag: weakEtag(versionOf(row)) },
    );
  }

  const duplicate = (set: EntitySetDef, id: string) =>
    new AlreadyExistsError(
      `A record with matching key values already exists: ${set.entityType} With Id = ${id}.`,
    );

  async function create(db: Db, root: string, set: EntitySetDef, req: Request, url: URL) {
    const body = await readBody(set, req, 'create');
    const given = body.values[set.key];
    const id = typeof given === 'string' ? given : crypto.randomUUID();
    const row = await insertIfAbsent(db, deps.write, set, id, body);
    if (!row) throw duplicate(set, id);
    return written(db, root, set, row, req, url, true);
  }

  /** `If-None-Match: *` alone: a create that must not overwrite, in one statement. */
  function createOnly(req: Request): boolean {
    return (
      parseEtagHeader(req.headers.get('if-none-match')) === '*' &&
      parseEtagHeader(req.headers.get('if-match')) === undefined
    );
  }

  function checkKey(set: EntitySetDef, keyValue: StoredValue | undefined, id: string) {
    if (keyValue !== undefined && keyValue !== id) {
      throw new BadRequestError(
        `The key '${set.key}' in the body (${String(keyValue)}) differs from the key in the URL (${id}).`,
        'InvalidValue',
      );
    }
  }

  async function readOne(
    db: Db,
    root: string,
    set: EntitySetDef,
    id: string,
    req: Request,
    url: URL,
  ) {
    const options = parseQueryOptions(set, url.searchParams, queryRules(set));
    const row = await findRow(db, set, id);
    if (!row) throw new EntityNotFoundError(set.entityType, id);
    const etag = weakEtag(versionOf(row));
    const outcome = evaluatePreconditions(req.headers, versionOf(row));
    if (outcome.kind === 'exists') return emptyResponse(304, { etag });
    if (outcome.kind === 'mismatch') throw new VersionMismatchError();
    const [json] = await recordsJson(db, set, [row], options.select, options.expand);
    return jsonResponse(
      200,
      {
        '@odata.context': `${root}$metadata#${contextFragment(set, options.select)}/$entity`,
        ...json,
      },
      { etag },
    );
  }

  /** PATCH upserts: If-Match → update only, If-None-Match: * → create only. */
  async function upsert(
    db: Db,
    root: string,
    set: EntitySetDef,
    id: string,
    req: Request,
    url: URL,
  ) {
    if (createOnly(req)) {
      const body = await readBody(set, req, 'create');
      checkKey(set, body.values[set.key], id);
      const created = await insertIfAbsent(db, deps.write, set, id, body);
      if (!created) throw duplicate(set, id);
      return written(db, root, set, created, req, url, true);
    }
    // The body is read before the record: nothing may run between the version check and the
    // write, or another user's edit landing there would be overwritten and its version handed back
    // as ours (a lost update). A malformed body still answers after 404/412, as before.
    const reading = readJsonObject(req);
    await reading.catch(() => undefined);
    const stored = await inTransaction(db, async (trx) => {
      const row = await findRow(trx, set, id);
      const outcome = evaluatePreconditions(req.headers, row ? versionOf(row) : undefined);
      switch (outcome.kind) {
        case 'missing':
          throw new EntityNotFoundError(set.entityType, id);
        case 'mismatch':
          throw new VersionMismatchError(
            `The version of the existing record doesn't match the RowVersion property provided. ${set.entityType} With Id = ${id}.`,
          );
        case 'exists':
          throw new AlreadyExistsError(
            `A record with matching key values already exists: ${set.entityType} With Id = ${id}.`,
          );
        case 'proceed':
          break;
      }
      const body = validateFor(set, await reading, row ? 'update' : 'create');
      checkKey(set, body.values[set.key], id);
      const record = row
        ? await updateRecord(trx, deps.write, set, row, body)
        : await insertRecord(trx, deps.write, set, id, body);
      return { record, created: !row };
    });
    return written(db, root, set, stored.record, req, url, stored.created);
  }

  async function remove(db: Db, set: EntitySetDef, id: string, req: Request) {
    // Checked and deleted in one transaction, like an update (see upsert).
    await inTransaction(db, async (trx) => {
      const row = await findRow(trx, set, id);
      if (!row) throw new EntityNotFoundError(set.entityType, id);
      const outcome = evaluatePreconditions(req.headers, versionOf(row));
      if (outcome.kind === 'mismatch') {
        throw new VersionMismatchError(
          `The version of the existing record doesn't match the RowVersion property provided. ${set.entityType} With Id = ${id}.`,
        );
      }
      await deleteRecord(trx, deps.write, set, row);
    });
    return emptyResponse(204);
  }

  async function count(db: Db, set: EntitySetDef, url: URL) {
    const options = parseQueryOptions(set, url.searchParams, queryRules(set));
    const qb = db(set.name);
    const filter = options.filter;
    if (filter) {
      void qb.where((q) => applyFilter(q, filter));
    }
    const row = (await qb.count({ n: '*' }).first()) as { n: number | string } | undefined;
    return textResponse(200, String(Number(row?.n ?? 0)), 'text/plain; charset=utf-8');
  }

  /** Dispatches one request (top-level, or a part of a `$batch` inside `db`'s transaction). */
  async function dispatch(req: Request, db: Db, inBatch: boolean): Promise<Response> {
    const url = new URL(req.url);
    const root = `${url.origin}${apiRoot}/`;
    const target = parseTarget(url.pathname);
    const method = req.method.toUpperCase();
    const notAllowed = () => new MethodNotAllowedError(method, url.pathname);
    switch (target.kind) {
      case 'root':
        if (method !== 'GET') throw notAllowed();
        return jsonResponse(200, serviceDocument(`${root}$metadata`, entitySets));
      case 'metadata':
        if (method !== 'GET') throw notAllowed();
        return textResponse(200, csdl, 'application/xml');
      case 'batch':
        if (method !== 'POST') throw notAllowed();
        if (inBatch)
          throw new BadRequestError('A $batch cannot contain another $batch.', 'InvalidBatch');
        return deps.batch(req, root);
      case 'count':
        if (method !== 'GET') throw notAllowed();
        return count(db, target.set, url);
      case 'collection':
        if (method === 'GET') {
          return listCollection({
            db,
            set: target.set,
            req,
            url,
            serviceRoot: root,
            currentVersion: deps.currentVersion,
          });
        }
        if (method === 'POST') return create(db, root, target.set, req, url);
        throw notAllowed();
      case 'entity':
        if (method === 'GET') return readOne(db, root, target.set, target.id, req, url);
        if (method === 'PATCH') return upsert(db, root, target.set, target.id, req, url);
        if (method === 'DELETE') return remove(db, target.set, target.id, req);
        if (method === 'PUT') {
          throw new NotImplementedError('PUT of a whole record (use PATCH)', 'mock-crm');
        }
        throw notAllowed();
    }
  }

  return { dispatch };
}
