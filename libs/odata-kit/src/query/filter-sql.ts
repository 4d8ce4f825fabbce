import type { Knex } from 'knex';
import type { FilterNode } from './filter-ast';

const sqlOp = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

function likePattern(fn: 'contains' | 'startswith' | 'endswith', value: string): string {
  const text = value.replace(/[\\%_]/g, (c) => `\\${c}`);
  return fn === 'contains' ? `%${text}%` : fn === 'startswith' ? `${text}%` : `%${text}`;
}

/**
 * Adds a FilterNode to a knex query as SQL (never evaluated in memory). Text comparisons are
 * case-insensitive, as in Dataverse and Business Central.
 */
export function applyFilter(qb: Knex.QueryBuilder, node: FilterNode): void {
  switch (node.kind) {
    case 'and':
      void qb.where((q) => applyFilter(q, node.left)).andWhere((q) => applyFilter(q, node.right));
      return;
    case 'or':
      void qb.where((q) => applyFilter(q, node.left)).orWhere((q) => applyFilter(q, node.right));
      return;
    case 'not':
      // Every comparison below is false (never NULL) for a NULL column, so NOT is OData's NOT.
      void qb.whereNot((q) => applyFilter(q, node.operand));
      return;
    case 'property':
      void qb.whereNotNull(node.property).andWhere(node.property, 1);
      return;
    case 'function':
      void qb
        .whereNotNull(node.property)
        .andWhereRaw(`lower(??) like lower(?) escape '\\'`, [
          node.property,
          likePattern(node.fn, node.value),
        ]);
      return;
    case 'compare': {
      if (node.value === null) {
        if (node.op === 'eq') void qb.whereNull(node.property);
        else void qb.whereNotNull(node.property);
        return;
      }
      if (node.op === 'ne') {
        // OData: `x ne 'a'` is true when x is null.
        void qb.where((q) => {
          void q.whereNull(node.property);
          if (node.text) void q.orWhereRaw('lower(??) <> lower(?)', [node.property, node.value]);
          else void q.orWhere(node.property, '<>', node.value as string | number);
        });
        return;
      }
      void qb.whereNotNull(node.property);
      if (node.text)
        void qb.andWhereRaw(`lower(??) ${sqlOp[node.op]} lower(?)`, [node.property, node.value]);
      else void qb.andWhere(node.property, sqlOp[node.op], node.value);
      return;
    }
  }
}
