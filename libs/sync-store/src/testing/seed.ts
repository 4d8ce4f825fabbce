import type { Store } from '../store';
import type { Mapping } from '../repositories/mappings';

export function seedMapping(store: Store, id = 'customers'): Promise<Mapping> {
  return store.mappings.ensure({
    id,
    name: `${id} mapping`,
    erpEntity: 'customers',
    crmEntity: 'accounts',
  });
}
