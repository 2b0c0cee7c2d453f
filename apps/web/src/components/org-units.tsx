import type { OrgUnitView } from '@lib/org/org-unit.view';
import { TreeSelect } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../api/client';
import { Locale, useI18n } from '../i18n/i18n';
import { pickName } from '../i18n/text';

export interface OrgTreeNode {
  key: number;
  value: number;
  title: string;
  unit: OrgUnitView;
  children: OrgTreeNode[];
}

/** Nests the flat list of GET /org-units; units whose parent is outside the user's subtree become roots. */
export function buildOrgTree(units: OrgUnitView[], locale: Locale): OrgTreeNode[] {
  const nodes = new Map<number, OrgTreeNode>();
  for (const unit of units) {
    nodes.set(unit.id, { key: unit.id, value: unit.id, title: pickName(locale, unit.name, unit.nameEn), unit, children: [] });
  }
  const roots: OrgTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId === null ? undefined : nodes.get(node.unit.parentId);
    (parent ? parent.children : roots).push(node);
  }
  const byCode = (a: OrgTreeNode, b: OrgTreeNode) => a.unit.code.localeCompare(b.unit.code);
  const sort = (list: OrgTreeNode[]) => {
    list.sort(byCode);
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

/** The org units the user may see (their subtree), with a reload for pages that change them. */
export function useOrgUnits(): { units: OrgUnitView[]; loading: boolean; error: unknown; reload: () => void } {
  const [units, setUnits] = useState<OrgUnitView[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const reload = useCallback(() => {
    setLoading(true);
    api
      .get<OrgUnitView[]>('/org-units')
      .then((list) => {
        setUnits(list);
        setError(undefined);
      }, setError)
      .finally(() => setLoading(false));
  }, []);
  useEffect(reload, [reload]);
  return { units, loading, error, reload };
}

interface OrgUnitSelectProps {
  /** Set by Form.Item, so that the item's label names the picker. */
  id?: string;
  value?: number;
  onChange?: (value: number | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  /** Units that may not be chosen (e.g. a unit itself and its subtree when choosing its new parent). */
  disabledIds?: Set<number>;
}

/** A tree picker over the user's org units, usable as an antd form control. */
export function OrgUnitSelect({ id, value, onChange, placeholder, allowClear = true, style, disabledIds }: OrgUnitSelectProps) {
  const { locale } = useI18n();
  const { units, loading } = useOrgUnits();
  const tree = useMemo(() => {
    const mark = (nodes: OrgTreeNode[]): object[] =>
      nodes.map((n) => ({ ...n, disabled: disabledIds?.has(n.value), children: mark(n.children) }));
    return mark(buildOrgTree(units, locale));
  }, [units, locale, disabledIds]);
  return (
    <TreeSelect
      id={id}
      // Filters have no visible label; their placeholder names them for screen readers.
      aria-label={placeholder}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeData={tree}
      loading={loading}
      placeholder={placeholder}
      allowClear={allowClear}
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandAll
      style={{ minWidth: 220, ...style }}
      popupMatchSelectWidth={false}
    />
  );
}
