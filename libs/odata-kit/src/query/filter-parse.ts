import { defaultParser } from '@odata/parser';
import { BadRequestError } from '../errors/odata-errors';
import { columnOf, type ColumnDef, type EntitySetDef } from '../schema/entity-set';
import { isGuid } from '../schema/guid';
import { storedDateTime } from '../schema/values';
import type { ComparisonOperator, FilterNode, FilterValue } from './filter-ast';

/** A node of @odata/parser's syntax tree (only the fields we read). */
interface Token {
  type: string;
  value: unknown;
  raw?: string;
}

const comparisons: Record<string, ComparisonOperator> = {
  EqualsExpression: 'eq',
  NotEqualsExpression: 'ne',
  LesserThanExpression: 'lt',
  LesserOrEqualsExpression: 'le',
  GreaterThanExpression: 'gt',
  GreaterOrEqualsExpression: 'ge',
};

const mirrored: Record<ComparisonOperator, ComparisonOperator> = {
  eq: 'eq',
  ne: 'ne',
  lt: 'gt',
  le: 'ge',
  gt: 'lt',
  ge: 'le',
};

const numericTypes = new Set([
  'Edm.Byte',
  'Edm.SByte',
  'Edm.Int16',
  'Edm.Int32',
  'Edm.Int64',
  'Edm.Decimal',
  'Edm.Double',
  'Edm.Single',
]);

const bad = (message: string) => new BadRequestError(message, 'InvalidFilter');

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
      throw bad(
        `The property path '${t.raw ?? ''}' in $filter is not supported; filter on properties of the entity itself.`,
      );
    }
    cur = cur.value as Token | undefined;
  }
  const name = (cur?.value as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string') throw bad('A property name is expected in $filter.');
  return name;
}

function literalValue(t: Token, column: ColumnDef, name: string): FilterValue {
  const edm = String(t.value);
  const raw = t.raw ?? '';
  if (edm === 'null') return null;
  const wrong = () =>
    bad(
      `The literal ${raw} (${edm}) cannot be compared with the property '${name}' of type ${column.type}.`,
    );
  const text = () => raw.slice(1, -1).replace(/''/g, "'");
  switch (column.type) {
    case 'string':
      if (edm !== 'Edm.String') throw wrong();
      return text();
    case 'guid': {
      const g = edm === 'Edm.Guid' ? raw : edm === 'Edm.String' ? text() : undefined;
      if (g === undefined || !isGuid(g)) throw wrong();
      return g.toLowerCase();
    }
    case 'datetime': {
      const source = edm === 'Edm.String' ? text() : raw;
      if (!['Edm.DateTimeOffset', 'Edm.Date', 'Edm.String'].includes(edm)) throw wrong();
      const stored = storedDateTime(source);
      if (stored === undefined) throw wrong();
      return stored;
    }
    case 'int':
    case 'bigint':
    case 'decimal': {
      if (!numericTypes.has(edm)) throw wrong();
      const n = Number(raw.replace(/[mMdDfFlL]$/, ''));
      if (!Number.isFinite(n)) throw wrong();
      return n;
    }
    case 'boolean':
      if (edm !== 'Edm.Boolean') throw wrong();
      return raw.toLowerCase() === 'true' ? 1 : 0;
  }
}

function columnFor(set: EntitySetDef, name: string, typeName: string): ColumnDef {
  const column = columnOf(set, name);
  if (!column) {
    throw new BadRequestError(
      `Could not find a property named '${name}' on type '${typeName}'.`,
      'InvalidProperty',
    );
  }
  return column;
}

function comparison(
  set: EntitySetDef,
  t: Token,
  op: ComparisonOperator,
  typeName: string,
): FilterNode {
  const { left, right } = t.value as { left: Token; right: Token };
  let prop = left;
  let lit = right;
  let operator = op;
  if (!isProperty(left)) {
    prop = right;
    lit = left;
    operator = mirrored[op];
  }
  if (!isProperty(prop) || lit.type !== 'Literal') {
    throw bad(
      `The comparison '${t.raw ?? ''}' is not supported: compare a property with a literal.`,
    );
  }
  const name = propertyName(prop);
  const column = columnFor(set, name, typeName);
  const value = literalValue(lit, column, name);
  if (value === null && operator !== 'eq' && operator !== 'ne') {
    throw bad(`null can only be compared with eq or ne (in '${t.raw ?? ''}').`);
  }
  return { kind: 'compare', op: operator, property: name, value, text: column.type === 'string' };
}

function method(set: EntitySetDef, t: Token, typeName: string): FilterNode {
  const { method: fn, parameters } = t.value as { method: string; parameters: Token[] };
  if (fn !== 'contains' && fn !== 'startswith' && fn !== 'endswith') {
    throw bad(
      `The $filter function '${fn}' is not supported; use contains, startswith or endswith.`,
    );
  }
  const [p, l] = parameters;
  if (parameters.length !== 2 || !p || !l || !isProperty(p) || l.type !== 'Literal') {
    throw bad(`'${fn}' expects a property and a text literal, as in ${fn}(name,'abc').`);
  }
  const name = propertyName(p);
  const column = columnFor(set, name, typeName);
  if (column.type !== 'string') throw bad(`'${fn}' needs a text property; '${name}' is not one.`);
  const value = literalValue(l, column, name);
  if (typeof value !== 'string') throw bad(`'${fn}' needs a text literal.`);
  return { kind: 'function', fn: fn, property: name, value };
}

function convert(set: EntitySetDef, t: Token, typeName: string): FilterNode {
  switch (t.type) {
    case 'AndExpression':
    case 'OrExpression': {
      const { left, right } = t.value as { left: Token; right: Token };
      return {
        kind: t.type === 'AndExpression' ? 'and' : 'or',
        left: convert(set, left, typeName),
        right: convert(set, right, typeName),
      };
    }
    case 'NotExpression':
      return { kind: 'not', operand: convert(set, t.value as Token, typeName) };
    case 'BoolParenExpression':
    case 'ParenExpression':
    case 'CommonExpression':
    case 'BoolCommonExpression':
      return convert(set, t.value as Token, typeName);
    case 'MethodCallExpression':
      return method(set, t, typeName);
    default: {
      const op = Object.hasOwn(comparisons, t.type) ? comparisons[t.type] : undefined;
      if (op) return comparison(set, t, op, typeName);
      if (isProperty(t)) {
        const name = propertyName(t);
        if (columnFor(set, name, typeName).type !== 'boolean') {
          throw bad(`The property '${name}' is not Boolean and cannot stand alone in $filter.`);
        }
        return { kind: 'property', property: name };
      }
      throw bad(
        `The $filter expression '${t.raw ?? t.type}' is not supported; use comparisons of a property with a literal, and/or/not, contains, startswith and endswith.`,
      );
    }
  }
}

/**
 * Parses `$filter` text with @odata/parser and converts it to a FilterNode whose literals are
 * already in the stored form of their property. Syntax errors and type mistakes → 400.
 */
export function parseFilter(
  set: EntitySetDef,
  text: string,
  typeName = set.entityType,
): FilterNode {
  let tree: Token;
  try {
    tree = defaultParser.filter(text);
  } catch (err) {
    throw bad(
      `The $filter '${text}' is not valid: ${err instanceof Error ? err.message : String(err)}.`,
    );
  }
  return convert(set, tree, typeName);
}
