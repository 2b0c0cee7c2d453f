import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { FieldSpec, OrgUnitOption, ProductOption, RuleCatalog } from './rule';

let loading: Promise<RuleCatalog> | undefined;

/** The field catalogue, org units and products, fetched once per page load (they change rarely). */
function loadCatalog(): Promise<RuleCatalog> {
  loading ??= Promise.all([
    api.get<FieldSpec[]>('/segments/fields'),
    api.get<OrgUnitOption[]>('/org-units').catch(() => []),
    api.get<ProductOption[]>('/products').catch(() => []),
  ]).then(([fields, orgUnits, products]) => ({ fields, orgUnits, products }));
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

export function useRuleCatalog(): { catalog?: RuleCatalog; error?: unknown } {
  const [state, setState] = useState<{ catalog?: RuleCatalog; error?: unknown }>({});
  useEffect(() => {
    let live = true;
    loadCatalog().then(
      (catalog) => live && setState({ catalog }),
      (error) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}
