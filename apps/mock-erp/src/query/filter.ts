import { defaultParser } from '@odata/parser';
import type { Knex } from 'knex';
import { fieldOf as fieldSpec, type EntitySetSpec, type FieldSpec } from '../domain/entity-sets';
import { BadRequestError } from '../errors';

/**
 * `$filter` → knex where-clauses, typed by the entity set's fields. Parsing is done by
 * @odata/parser; this file only walks its tree. (A stop-gap until odata-kit ships the shared
 * evaluator; see the mock-erp report.)
 */

interface Token {
  type: string;
  value: unknown;
  raw?: string;
}

type Builder = Knex.QueryBuilder;

const comparisons: Record<string, string> = {
  EqualsExpression: '=',
  NotEqualsExpression: '<>',
  LesserThanExpression: '<',
  LesserOrEqualsExpression: '<=',
  GreaterThanExpression: '>',
  GreaterOrEqualsExpression: '>=',
};

const flipped: Record<string, string> = {
  '=': '=',
  '<>': '<>',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

export function parseFilter(text: string): Token {
  try {
    return defaultParser.filter(text);
  } catch (err) {
    throw new BadRequestError(
      `The $filter '${text}' is not valid: ${err instanceof Error ? err.message : String(err)}.`,
      'BadRequest_InvalidFilter',
    );
  }
}

function isProperty(t: Token): boolean {
  return (
    t.type === 'FirstMemberExpression' ||
    t.type === 'MemberExpression' ||
    t.type === 'PropertyPathExpression'
  );
}

function propertyName(t: Token): string {
  let cur: Token | undefined = t;
  while (cur && cur.type !== 'ODataIdentifier') {
    if (cur.type === 'PropertyPathExpression' && (cur.value as Token).type !== 'ODataIdentifier') {
      throw new BadRequestError(
        `The path '${t.raw ?? ''}' in $filter is not supported: the entity types have no navigation properties to filter on.`,
        'BadRequest_InvalidFilter',
      );
    }
    cur = cur.value as Token;
  }
  const name = (cur?.value as { name?: string } | undefined)?.name;
  if (!name)
    throw new BadRequestError(
      'A property name is expected in $filter.',
      'BadRequest_InvalidFilter',
    );
  return name;
}

function fieldOf(spec: EntitySetSpec, name: string): FieldSpec {
  const f = fieldSpec(spec, name);
  if (!f) {
    throw new BadRequestError(
      `Could not find a property named '${name}' on type 'Microsoft.NAV.${spec.typeName}'.`,
      'BadRequest_InvalidFilter',
    );
  }
  return f;
}

/** Converts a literal to the stored representation of `field`. */
function literal(t: Token, field: FieldSpec, name: string): string | number | null {
  const edm = String(t.value);
  const raw = t.raw ?? '';
  if (edm === 'null') return null;
  const bad = () =>
    new BadRequestError(
      `The literal ${raw} cannot be compared with property '${name}'.`,
      'BadRequest_InvalidFilter',
    );
  switch (field.kind) {
    case 'string':
    case 'code':
    case 'enum':
      if (edm !== 'Edm.String') throw bad();
      return raw.slice(1, -1).replace(/''/g, "'");
    case 'guid':
      if (edm === 'Edm.Guid') return raw.toLowerCase();
      if (edm === 'Edm.String') return raw.slice(1, -1).toLowerCase();
      throw bad();
    case 'datetime': {
      if (edm !== 'Edm.DateTimeOffset' && edm !== 'Edm.Date' && edm !== 'Edm.String') throw bad();
      const d = new Date(edm === 'Edm.String' ? raw.slice(1, -1) : raw);
      if (Number.isNaN(d.getTime())) throw bad();
      return d.toISOString();
    }
    case 'decimal': {
      const n = Number(raw.replace(/[mMdDfF]$/, ''));
      if (edm === 'Edm.String' || edm === 'Edm.Boolean' || Number.isNaN(n)) throw bad();
      return n;
    }
    case 'boolean':
      if (edm !== 'Edm.Boolean') throw bad();
      return raw === 'true' ? 1 : 0;
  }
}

function applyComparison(qb: Builder, spec: EntitySetSpec, t: Token, op: string) {
  const { left, right } = t.value as { left: Token; right: Token };
  let prop = left;
  let lit = right;
  let operator = op;
  if (!isProperty(left)) {
    prop = right;
    lit = left;
    operator = Object.hasOwn(flipped, op) ? (flipped[op] ?? op) : op;
  }
  if (!isProperty(prop) || lit.type !== 'Literal') {
    throw new BadRequestError(
      `The comparison '${t.raw ?? ''}' is not supported: compare a property with a literal.`,
      'BadRequest_InvalidFilter',
    );
  }
  const name = propertyName(prop);
  const value = literal(lit, fieldOf(spec, name), name);
  if (value === null) {
    if (operator === '=') void qb.whereNull(name);
    else if (operator === '<>') void qb.whereNotNull(name);
    else
      throw new BadRequestError(
        `null can only be compared with eq or ne.`,
        'BadRequest_InvalidFilter',
      );
    return;
  }
  void qb.where(name, operator, value);
}

function applyMethod(qb: Builder, spec: EntitySetSpec, t: Token) {
  const { method, parameters } = t.value as { method: string; parameters: Token[] };
  const [p, l] = parameters;
  if (!['contains', 'startswith', 'endswith'].includes(method)) {
    throw new BadRequestError(
      `The $filter function '${method}' is not supported; use contains, startswith or endswith.`,
      'BadRequest_InvalidFilter',
    );
  }
  if (!p || !l || !isProperty(p) || l.type !== 'Literal') {
    throw new BadRequestError(
      `'${method}' expects a property and a text literal, as in ${method}(displayName,'abc').`,
      'BadRequest_InvalidFilter',
    );
  }
  const name = propertyName(p);
  const field = fieldOf(spec, name);
  if (field.kind !== 'string' && field.kind !== 'code' && field.kind !== 'enum') {
    throw new BadRequestError(
      `'${method}' needs a text property; '${name}' is not one.`,
      'BadRequest_InvalidFilter',
    );
  }
  const text = String(literal(l, field, name)).replace(/[\\%_]/g, (c) => `\\${c}`);
  const pattern =
    method === 'contains' ? `%${text}%` : method === 'startswith' ? `${text}%` : `%${text}`;
  void qb.whereRaw(`?? like ? escape '\\'`, [name, pattern]);
}

/** Adds the filter tree to `qb` (inside a grouped where). */
export function applyFilter(qb: Builder, spec: EntitySetSpec, t: Token): void {
  switch (t.type) {
    case 'AndExpression':
    case 'OrExpression': {
      const { left, right } = t.value as { left: Token; right: Token };
      void qb.where((q) => applyFilter(q, spec, left));
      if (t.type === 'AndExpression') void qb.andWhere((q) => applyFilter(q, spec, right));
      else void qb.orWhere((q) => applyFilter(q, spec, right));
      return;
    }
    case 'NotExpression':
      void qb.whereNot((q) => applyFilter(q, spec, t.value as Token));
      return;
    case 'BoolParenExpression':
    case 'ParenExpression':
    case 'CommonExpression':
      applyFilter(qb, spec, t.value as Token);
      return;
    case 'MethodCallExpression':
      applyMethod(qb, spec, t);
      return;
    default: {
      const op = Object.hasOwn(comparisons, t.type) ? comparisons[t.type] : undefined;
      if (op) return applyComparison(qb, spec, t, op);
      if (isProperty(t)) {
        const name = propertyName(t);
        if (fieldOf(spec, name).kind !== 'boolean') {
          throw new BadRequestError(
            `The property '${name}' is not Boolean and cannot stand alone in $filter.`,
            'BadRequest_InvalidFilter',
          );
        }
        void qb.where(name, 1);
        return;
      }
      if (t.type === 'Literal') {
        throw new BadRequestError(
          `The $filter must be a boolean expression; '${t.raw ?? ''}' is a literal.`,
          'BadRequest_InvalidFilter',
        );
      }
      // Anything else (aliases, arithmetic, lambdas) BC does not filter on either.
      throw new BadRequestError(
        `The $filter expression '${t.raw ?? t.type}' is not supported; use comparisons of a property with a literal, and/or/not, contains, startswith and endswith.`,
        'BadRequest_InvalidFilter',
      );
    }
  }
}
