import type { ErrorFilter } from '../api/types';

/** The filter as the form edits it (dates as Date objects, empty means "any"). */
export interface ErrorFilterForm {
  mappingId: string | null;
  kinds: string[];
  states: string[];
  direction: 'erpToCrm' | 'crmToErp' | null;
  from: Date | null;
  to: Date | null;
  search: string;
}

export function emptyFilter(): ErrorFilterForm {
  return {
    mappingId: null,
    kinds: [],
    states: [],
    direction: null,
    from: null,
    to: null,
    search: '',
  };
}

/** The API's filter: only what is set, so an empty form asks for every open error. */
export function toApiFilter(form: ErrorFilterForm, options: { withKinds: boolean }): ErrorFilter {
  const filter: ErrorFilter = {};
  if (form.mappingId) filter.mappingId = form.mappingId;
  if (options.withKinds && form.kinds.length) filter.kinds = [...form.kinds];
  if (form.states.length) filter.states = [...form.states];
  if (form.direction) filter.direction = form.direction;
  if (form.from) filter.from = form.from.toISOString();
  if (form.to) filter.to = form.to.toISOString();
  const search = form.search.trim();
  if (search) filter.search = search;
  return filter;
}
