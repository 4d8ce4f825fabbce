import type { ApiInputs, ErrorListItem } from '../api/types';
import { countsOf } from './builders';
import type { FakeHandlers } from './fake-api';

type Filter = NonNullable<ApiInputs['errors']['list']['filter']>;

function matches(item: ErrorListItem, filter: Filter): boolean {
  if (filter.mappingId && item.mappingId !== filter.mappingId) return false;
  if (filter.kinds?.length && !filter.kinds.includes(item.kind)) return false;
  if (filter.states?.length && !filter.states.includes(item.state)) return false;
  if (filter.direction && item.direction !== filter.direction) return false;
  if (filter.search) {
    const text = filter.search.toLowerCase();
    const hay = [item.recordNumber, item.recordName, item.message].join(' ').toLowerCase();
    if (!hay.includes(text)) return false;
  }
  return true;
}

/**
 * errors.list and errors.counts over an in-memory list that a test may change between calls
 * (cursor = offset, like a keyset cursor it is opaque to the portal).
 */
export function fakeErrorsServer(rows: { current: ErrorListItem[] }): FakeHandlers {
  return {
    'errors.list': (input) => {
      const all = rows.current.filter((i) => matches(i, input.filter ?? {}));
      const start = input.cursor ? Number(input.cursor) : 0;
      const limit = input.limit ?? 50;
      const items = all.slice(start, start + limit);
      return {
        items,
        nextCursor: start + limit < all.length ? String(start + limit) : null,
      };
    },
    'errors.counts': (input) =>
      countsOf(rows.current.filter((i) => matches(i, input.filter ?? {}))),
  };
}
