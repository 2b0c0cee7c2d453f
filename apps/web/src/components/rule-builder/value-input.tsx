import { InputNumber, Input, Select, Space, TreeSelect } from 'antd';
import type { ReactNode } from 'react';
import { NumberWithUnit } from '../number-with-unit';
import { channelLabels, lineLabels, ruleText } from './labels';
import { pickName, pickText, type Locale } from '../../i18n/text';
import type { FieldOption, FieldParamSpec, FieldSpec, OrgUnitOption, ProductOption, RuleCatalog } from './rule';

interface TreeNode {
  value: number;
  title: string;
  children: TreeNode[];
}

/** The org units as a tree for TreeSelect (the API gives a flat list of the user's subtree). */
export function orgUnitTree(units: OrgUnitOption[], lang: Locale): TreeNode[] {
  const nodes = new Map<number, TreeNode>();
  for (const unit of units) nodes.set(unit.id, { value: unit.id, title: pickName(lang, unit.name, unit.nameEn), children: [] });
  const roots: TreeNode[] = [];
  for (const unit of units) {
    const node = nodes.get(unit.id)!;
    const parent = unit.parentId ? nodes.get(unit.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

const lineOptions = (products: ProductOption[], lang: Locale, given?: FieldOption[]) => {
  if (given?.length) return given.map((v) => ({ value: v.value, label: pickText(v.label, lang, v.value) }));
  const lines = [...new Set([...Object.keys(lineLabels), ...products.map((p) => p.line)])];
  return lines.map((line) => ({ value: line, label: pickText(lineLabels[line], lang, line) }));
};

const productOptions = (products: ProductOption[], lang: Locale) =>
  products.map((p) => ({ value: p.code, label: `${p.code} ${pickName(lang, p.name, p.nameEn)}` }));

/** What kind of value a field takes, from the catalogue's type/valueType, with known names as a fallback. */
function valueKind(field: FieldSpec): string {
  const kind = (field.valueType ?? field.type ?? '').toLowerCase();
  if (field.field === 'holds_line' || kind === 'line' || kind === 'product_line') return 'line';
  if (field.field === 'holds_product' || kind === 'product' || kind === 'product_code') return 'product';
  if (field.field === 'org_unit' || kind === 'org_unit' || kind === 'org_unit_id') return 'org_unit';
  return kind;
}

interface ValueInputProps {
  field: FieldSpec;
  operator: string;
  value: unknown;
  onChange: (value: unknown) => void;
  catalog: RuleCatalog;
  lang: Locale;
  disabled?: boolean;
}

/** The value editor for one condition, chosen by operator first (between, in, is, within_days) and then by field type. */
export function ValueInput({ field, operator, value, onChange, catalog, lang, disabled }: ValueInputProps): ReactNode {
  const kind = valueKind(field);
  const options = (field.values ?? []).map((v) => ({ value: v.value, label: pickText(v.label, lang, v.value) }));
  const common = { disabled, 'data-testid': 'rule-value', 'aria-label': pickText(ruleText.value, lang) } as const;

  if (operator === 'between') {
    const pair = Array.isArray(value) ? value : [undefined, undefined];
    return (
      <Space.Compact>
        <InputNumber {...common} aria-label={pickText(ruleText.from, lang)} style={{ width: 100 }} placeholder={pickText(ruleText.from, lang)} value={pair[0] as number | undefined}
          onChange={(low) => onChange([low ?? undefined, pair[1]])} />
        <InputNumber {...common} aria-label={pickText(ruleText.to, lang)} style={{ width: 100 }} placeholder={pickText(ruleText.to, lang)} value={pair[1] as number | undefined}
          onChange={(high) => onChange([pair[0], high ?? undefined])} />
      </Space.Compact>
    );
  }
  if (operator === 'is') {
    return (
      <Select {...common} style={{ width: 100 }} value={value as boolean | undefined} onChange={onChange}
        options={[{ value: true, label: pickText(ruleText.yes, lang) }, { value: false, label: pickText(ruleText.no, lang) }]} />
    );
  }
  if (operator === 'within_days') {
    return <NumberWithUnit {...common} min={1} max={3650} style={{ width: 130 }} unit={pickText(ruleText.days, lang)} value={value as number | undefined}
      onChange={(days) => onChange(days ?? undefined)} />;
  }
  if (kind === 'org_unit' || operator === 'in_subtree') {
    return <TreeSelect {...common} style={{ minWidth: 200 }} treeDefaultExpandAll value={value as number | undefined} onChange={onChange}
      treeData={orgUnitTree(catalog.orgUnits, lang)} placeholder={pickText(ruleText.value, lang)} />;
  }
  if (kind === 'line') {
    return <Select {...common} style={{ minWidth: 160 }} value={value as string | undefined} onChange={onChange}
      options={lineOptions(catalog.products, lang, field.values)} placeholder={pickText(ruleText.value, lang)} />;
  }
  if (kind === 'product') {
    return <Select {...common} style={{ minWidth: 220 }} showSearch optionFilterProp="label" value={value as string | undefined} onChange={onChange}
      options={productOptions(catalog.products, lang)} placeholder={pickText(ruleText.value, lang)} />;
  }
  if (operator === 'in') {
    return <Select {...common} mode={options.length ? 'multiple' : 'tags'} style={{ minWidth: 220 }} value={(value as string[] | undefined) ?? []}
      onChange={onChange} options={options} placeholder={options.length ? pickText(ruleText.value, lang) : pickText(ruleText.typeAndEnter, lang)} />;
  }
  if (options.length) {
    return <Select {...common} style={{ minWidth: 140 }} value={value as string | undefined} onChange={onChange} options={options}
      placeholder={pickText(ruleText.value, lang)} />;
  }
  if (kind === 'number' || kind === 'integer' || kind === 'money') {
    return <InputNumber {...common} style={{ width: 130 }} value={value as number | undefined} onChange={(n) => onChange(n ?? undefined)}
      placeholder={pickText(ruleText.value, lang)} />;
  }
  return <Input {...common} style={{ width: 160 }} maxLength={100} value={(value as string | undefined) ?? ''}
    onChange={(e) => onChange(e.target.value || undefined)} placeholder={pickText(ruleText.value, lang)} />;
}

const paramOptionsOf = (param: FieldParamSpec, lang: Locale) =>
  (param.values ?? []).map((v) => ({ value: v, label: pickText(param.name === 'channel' ? channelLabels[v] : lineLabels[v], lang, v) }));

interface ParamInputProps {
  param: FieldParamSpec;
  value: unknown;
  onChange: (value: unknown) => void;
  catalog: RuleCatalog;
  lang: Locale;
  disabled?: boolean;
  placeholder: string;
}

/** One condition parameter (channel, months, line, product, campaign id). */
export function ParamInput({ param, value, onChange, catalog, lang, disabled, placeholder }: ParamInputProps): ReactNode {
  const common = { disabled, allowClear: !param.required, placeholder, 'aria-label': placeholder, 'data-testid': `rule-param-${param.name}` } as const;
  const kind = param.type.toLowerCase();
  if (param.name === 'line' || kind === 'line') {
    return <Select {...common} style={{ minWidth: 140 }} value={value as string | undefined} onChange={onChange}
      options={lineOptions(catalog.products, lang)} />;
  }
  if (param.name === 'product' || kind === 'product' || kind === 'product_code') {
    return <Select {...common} style={{ minWidth: 180 }} showSearch optionFilterProp="label" value={value as string | undefined} onChange={onChange}
      options={productOptions(catalog.products, lang)} />;
  }
  if (param.values?.length || param.name === 'channel') {
    const options = param.values?.length
      ? paramOptionsOf(param, lang)
      : Object.entries(channelLabels).map(([v, label]) => ({ value: v, label: pickText(label, lang) }));
    return <Select {...common} style={{ minWidth: 130 }} value={value as string | undefined} onChange={onChange} options={options} />;
  }
  if (kind === 'number' || kind === 'integer' || param.name === 'months' || param.name === 'campaignId') {
    // Wide enough for its placeholder ("Campaign id (any)") in both languages.
    // A number box has no clear button: it is emptied by deleting its digits.
    const { allowClear: _noClearButton, ...numberProps } = common;
    const number = { ...numberProps, min: 1, value: value as number | undefined, onChange: (n: number | null) => onChange(n ?? undefined) };
    return param.name === 'months'
      ? <NumberWithUnit {...number} style={{ width: 180 }} unit={pickText(ruleText.months, lang)} />
      : <InputNumber {...number} style={{ width: 180 }} />;
  }
  return <Input {...common} style={{ width: 140 }} maxLength={100} value={(value as string | undefined) ?? ''}
    onChange={(e) => onChange(e.target.value || undefined)} />;
}
