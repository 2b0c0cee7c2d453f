import type { ProductView } from '@lib/customers/product.view';
import type { OrgUnitView } from '@lib/org/org-unit.view';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useUser } from '../../session/session';
import type { FieldSpec, RuleCatalog } from './rule';

/** Org units depend on who is logged in, so the cache belongs to one user and lasts a few minutes. */
const FRESH_MS = 5 * 60_000;
let cached: { userId: number; at: number; catalog: Promise<RuleCatalog> } | undefined;

/** The field catalogue, the org units of the user's subtree and the products. */
function loadCatalog(userId: number): Promise<RuleCatalog> {
  if (cached && cached.userId === userId && Date.now() - cached.at < FRESH_MS) return cached.catalog;
  const catalog = Promise.all([
    api.get<FieldSpec[]>('/segments/fields'),
    api.get<OrgUnitView[]>('/org-units').catch(() => []),
    api.get<ProductView[]>('/products').catch(() => []),
  ]).then(([fields, orgUnits, products]) => ({ fields, orgUnits, products }));
  const entry = { userId, at: Date.now(), catalog };
  cached = entry;
  catalog.catch(() => {
    if (cached === entry) cached = undefined;
  });
  return catalog;
}

export function useRuleCatalog(): { catalog?: RuleCatalog; error?: unknown } {
  const { id: userId } = useUser();
  const [state, setState] = useState<{ catalog?: RuleCatalog; error?: unknown }>({});
  useEffect(() => {
    let live = true;
    loadCatalog(userId).then(
      (catalog) => live && setState({ catalog }),
      (error) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, [userId]);
  return state;
}
