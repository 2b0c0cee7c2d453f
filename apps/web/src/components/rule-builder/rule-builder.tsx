import { DeleteOutlined, PlusOutlined, ApartmentOutlined } from '@ant-design/icons';
import { Button, Empty, Segmented, Select, Space, Typography } from 'antd';
import { useRef, type ReactNode } from 'react';
import { fieldCategory, operatorLabels, paramLabels, ruleText } from './labels';
import { fill, pickText, type Locale } from '../../i18n/text';
import {
  childPath, defaultValue, errorsByNode, newCondition, replaceAt,
  type FieldError, type FieldSpec, type GroupOp, type RuleCatalog, type RuleCondition, type RuleGroup, type RuleNode,
} from './rule';
import { ParamInput, ValueInput } from './value-input';
import './rule-builder.css';

export interface RuleBuilderProps {
  value: RuleGroup;
  onChange: (rule: RuleGroup) => void;
  catalog: RuleCatalog;
  lang: Locale;
  /** The API's error details; each is shown beside the node its field points at. */
  errors?: FieldError[];
  /** How the API names the rule in error details: `rule` for segments, `eligibilityRule` for bundles. */
  rootPath?: string;
  /** Paths of conditions not yet complete (shown as a soft hint). */
  incomplete?: string[];
  readOnly?: boolean;
}

interface NodeContext extends RuleBuilderProps {
  errorMap: Map<string, string[]>;
  update: (indexes: number[], replace: (node: RuleNode) => RuleNode | null) => void;
}

/** A visual editor for the rule tree: groups (all / any / not) holding conditions and further groups. */
export function RuleBuilder(props: RuleBuilderProps): ReactNode {
  const rootPath = props.rootPath ?? 'rule';
  // Two edits can arrive before the parent re-renders (pick an operator, type a value at once): each builds on the last.
  const latest = useRef(props.value);
  latest.current = props.value;
  const context: NodeContext = {
    ...props,
    rootPath,
    errorMap: errorsByNode(props.errors, props.value, rootPath),
    update: (indexes, replace) => {
      latest.current = replaceAt(latest.current, indexes, replace);
      props.onChange(latest.current);
    },
  };
  return (
    <div className={`rule-builder${props.readOnly ? ' read-only-form' : ''}`} data-testid="rule-builder">
      <GroupEditor group={props.value} indexes={[]} path={rootPath} context={context} />
    </div>
  );
}

function NodeErrors({ messages, hint }: { messages?: string[]; hint?: string }): ReactNode {
  if (!messages?.length && !hint) return null;
  return (
    <div className="rule-node-errors" data-testid="rule-error">
      {messages?.map((message, i) => <Typography.Text key={i} type="danger">{message}</Typography.Text>)}
      {!messages?.length && hint && <Typography.Text type="warning">{hint}</Typography.Text>}
    </div>
  );
}

function GroupEditor({ group, indexes, path, context }: { group: RuleGroup; indexes: number[]; path: string; context: NodeContext }): ReactNode {
  const { lang, readOnly, catalog } = context;
  const isRoot = indexes.length === 0;
  const setGroup = (change: Partial<RuleGroup>) => context.update(indexes, (node) => ({ ...(node as RuleGroup), ...change }));
  const add = (child: RuleNode) => setGroup({ children: [...group.children, child] });
  const ops: GroupOp[] = ['all', 'any', 'not'];
  return (
    <div className={`rule-group rule-group-${group.op}${isRoot ? ' rule-group-root' : ''}`} data-testid="rule-group" data-path={path}>
      <div className="rule-group-head">
        {/* A reader sees the group's one choice, not three greyed-out ones. */}
        {readOnly ? (
          <Typography.Text strong>{pickText(ruleText[group.op], lang)}</Typography.Text>
        ) : (
          <Segmented<GroupOp>
            size="small"
            value={group.op}
            onChange={(op) => setGroup({ op })}
            options={ops.map((op) => ({ value: op, label: pickText(ruleText[op], lang) }))}
          />
        )}
        {!readOnly && (
          <Space size={4}>
            <Button size="small" type="link" icon={<PlusOutlined />} data-testid="add-condition"
              onClick={() => add(newCondition(catalog.fields[0]))}>
              {pickText(ruleText.addCondition, lang)}
            </Button>
            <Button size="small" type="link" icon={<ApartmentOutlined />} data-testid="add-group"
              onClick={() => add({ type: 'group', op: 'any', children: [newCondition(catalog.fields[0])] })}>
              {pickText(ruleText.addGroup, lang)}
            </Button>
            {!isRoot && (
              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={pickText(ruleText.removeGroup, lang)}
                onClick={() => context.update(indexes, () => null)} />
            )}
          </Space>
        )}
      </div>
      <NodeErrors messages={context.errorMap.get(path)} />
      <div className="rule-group-body">
        {group.children.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={pickText(isRoot ? ruleText.emptyRule : ruleText.emptyGroup, lang)} />
        )}
        {group.children.map((child, i) => {
          const childIndexes = [...indexes, i];
          const nodePath = childPath(path, i);
          return child.type === 'group' ? (
            <GroupEditor key={i} group={child} indexes={childIndexes} path={nodePath} context={context} />
          ) : (
            <ConditionEditor key={i} condition={child} indexes={childIndexes} path={nodePath} context={context} />
          );
        })}
      </div>
    </div>
  );
}

function fieldOptions(fields: FieldSpec[], lang: Locale) {
  const groups = new Map<string, { label: string; options: { value: string; label: string }[] }>();
  for (const field of fields) {
    const category = fieldCategory[field.field] ?? 'other';
    const group = groups.get(category) ?? { label: pickText(ruleText[category], lang), options: [] };
    group.options.push({ value: field.field, label: pickText(field.label, lang, field.field) });
    groups.set(category, group);
  }
  return [...groups.values()];
}

function ConditionEditor({ condition, indexes, path, context }: { condition: RuleCondition; indexes: number[]; path: string; context: NodeContext }): ReactNode {
  const { lang, readOnly, catalog } = context;
  const field = catalog.fields.find((f) => f.field === condition.field);
  const set = (change: Partial<RuleCondition>) => context.update(indexes, (node) => ({ ...(node as RuleCondition), ...change }));
  const chooseField = (name: string) => {
    const spec = catalog.fields.find((f) => f.field === name);
    context.update(indexes, () => newCondition(spec));
  };
  const chooseOperator = (operator: string) => {
    const keepValue = (operator === 'between') === (condition.operator === 'between') && (operator === 'in') === (condition.operator === 'in');
    set({ operator, value: keepValue ? condition.value : field && defaultValue(field, operator) });
  };
  const setParam = (name: string, value: unknown) => {
    const params = { ...(condition.params ?? {}) };
    if (value === undefined || value === null || value === '') delete params[name];
    else params[name] = value;
    set({ params: Object.keys(params).length ? params : undefined });
  };
  const messages = context.errorMap.get(path);
  const hint = context.incomplete?.includes(path) ? pickText(ruleText.incomplete, lang) : undefined;
  return (
    <div className={`rule-condition${messages?.length ? ' rule-condition-invalid' : ''}`} data-testid="rule-condition" data-path={path}>
      <Space wrap size={[8, 8]}>
        <Select
          data-testid="rule-field"
          aria-label={pickText(ruleText.chooseField, lang)}
          style={{ minWidth: 210 }}
          popupMatchSelectWidth={false}
          disabled={readOnly}
          showSearch
          optionFilterProp="label"
          placeholder={pickText(ruleText.chooseField, lang)}
          value={condition.field || undefined}
          onChange={chooseField}
          options={fieldOptions(catalog.fields, lang)}
        />
        <Select
          data-testid="rule-operator"
          aria-label={pickText(ruleText.operator, lang)}
          // Sized by the chosen operator, so a long one ("not within the last") is never cut off.
          style={{ minWidth: 124 }}
          popupMatchSelectWidth={false}
          disabled={readOnly || !field}
          value={condition.operator || undefined}
          onChange={chooseOperator}
          placeholder={pickText(ruleText.operator, lang)}
          options={(field?.operators ?? []).map((op) => ({ value: op, label: pickText(operatorLabels[op], lang, op) }))}
        />
        {field && (
          <ValueInput field={field} operator={condition.operator} value={condition.value} catalog={catalog} lang={lang}
            disabled={readOnly} onChange={(value) => set({ value })} />
        )}
        {field?.params?.map((param) => (
          <ParamInput key={param.name} param={param} value={condition.params?.[param.name]} catalog={catalog} lang={lang} disabled={readOnly}
            placeholder={param.required
              ? pickText(paramLabels[param.name], lang, param.name)
              : fill(pickText(ruleText.optionalParam, lang), { name: pickText(paramLabels[param.name], lang, param.name) })}
            onChange={(value) => setParam(param.name, value)} />
        ))}
        {!readOnly && (
          <Button type="text" danger icon={<DeleteOutlined />} aria-label={pickText(ruleText.remove, lang)} data-testid="remove-condition"
            onClick={() => context.update(indexes, () => null)} />
        )}
      </Space>
      <NodeErrors messages={messages} hint={hint} />
    </div>
  );
}
