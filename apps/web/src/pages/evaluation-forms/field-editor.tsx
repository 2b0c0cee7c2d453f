import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, DownOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Col, Row, Select, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { FORM_FIELD_TYPES, SYSTEM_FIGURES, type ChoiceOption, type FormField, type FormFieldType, type TableColumn } from '@lib/evaluation/form-schema';
import { FORM_FIELD_TYPE_NAMES, takesWholeNumbers } from '@lib/evaluation/form-validation';
import { SYSTEM_FIGURE_LABELS } from '../../components/evaluation-form/labels';
import { useI18n } from '../../i18n/i18n';
import { moved, newColumn, newOption, optionalText, removed, replaced, withType } from './definition-edits';
import { DesignerItem, DesignerProblems, LocalTextInputs, NumberInput, TextInput, type ProblemsAt } from './designer-inputs';
import { formText as text } from './evaluation-form-text';

const COLUMN_TYPES = FORM_FIELD_TYPES.filter((type) => type !== 'table' && type !== 'long_text');
const CHOICES: readonly FormFieldType[] = ['single_choice', 'multiple_choice'];

interface FieldEditorProps {
  field: FormField;
  path: string;
  problemsAt: ProblemsAt;
  /** How many problems the field has, its options and columns included: shown while it is folded. */
  problemCount: number;
  /** Unfolded: its inputs are shown (one field at a time, so that a long form stays readable). */
  open: boolean;
  onToggle: () => void;
  onChange: (field: FormField) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

/** One field of a section: its key, type, labels, help, required, bounds, whole numbers, pattern, options or columns, and binding. */
export function FieldEditor({ field, path, problemsAt, problemCount, open, onToggle, onChange, onMove, onRemove }: FieldEditorProps): ReactNode {
  const { pick } = useI18n();
  const name = pick(field.label) || field.key;
  return (
    <Card
      size="small"
      className={`form-designer-field${problemCount ? ' form-designer-field-troubled' : ''}`}
      data-testid="designer-field"
      title={
        <Button type="text" className="form-designer-field-toggle" aria-expanded={open} onClick={onToggle} icon={open ? <DownOutlined /> : <RightOutlined />}>
          <Space>
            <span>{name}</span>
            <Tag>{pick(FORM_FIELD_TYPE_NAMES[field.type] ?? { zh: field.type, en: field.type })}</Tag>
            <Typography.Text type="secondary" code>
              {field.key}
            </Typography.Text>
            {field.required && <Tag color="blue">{pick(text.required)}</Tag>}
            {field.binding && <Tag color="cyan">{pick(SYSTEM_FIGURE_LABELS[field.binding])}</Tag>}
            {problemCount > 0 && <Tag color="red">{pick(text.fieldProblems, { count: problemCount })}</Tag>}
          </Space>
        </Button>
      }
      extra={
        <Space size={0}>
          <Button type="text" icon={<ArrowUpOutlined />} aria-label={pick(text.moveUp, { name })} onClick={() => onMove(-1)} />
          <Button type="text" icon={<ArrowDownOutlined />} aria-label={pick(text.moveDown, { name })} onClick={() => onMove(1)} />
          <Button type="text" danger icon={<DeleteOutlined />} aria-label={pick(text.removeField, { name })} onClick={onRemove} />
        </Space>
      }
    >
      {open && <FieldInputs field={field} path={path} problemsAt={problemsAt} onChange={onChange} />}
    </Card>
  );
}

function FieldInputs({ field, path, problemsAt, onChange }: Pick<FieldEditorProps, 'field' | 'path' | 'problemsAt' | 'onChange'>): ReactNode {
  const { pick } = useI18n();
  return (
    <>
      <SpecInputs spec={field} path={path} problemsAt={problemsAt} types={FORM_FIELD_TYPES} onChange={onChange} keyLabel={text.fieldKey} />
      <LocalTextInputs
        labels={{ zh: text.helpZh, en: text.helpEn }}
        path={`${path}.help`}
        problemsAt={problemsAt}
        value={field.help}
        onChange={(help) => onChange(withOptional(field, 'help', optionalText(help.zh, help.en)))}
      />
      {field.type === 'text' && (
        <>
          <TextInput
            label={text.pattern}
            path={`${path}.pattern`}
            problemsAt={problemsAt}
            value={field.pattern}
            monospace
            onChange={(pattern) => onChange(withOptional(field, 'pattern', pattern === '' ? undefined : pattern))}
          />
          {field.pattern !== undefined && (
            <LocalTextInputs
              labels={{ zh: text.patternMessageZh, en: text.patternMessageEn }}
              path={`${path}.patternMessage`}
              problemsAt={problemsAt}
              value={field.patternMessage}
              onChange={(message) => onChange(withOptional(field, 'patternMessage', optionalText(message.zh, message.en)))}
            />
          )}
        </>
      )}
      {(field.type === 'number' || field.type === 'money') && (
        <DesignerItem label={text.binding} path={`${path}.binding`} problemsAt={problemsAt}>
          {(id) => (
            <Select
              id={id}
              style={{ maxWidth: 320 }}
              value={field.binding ?? ''}
              options={[{ value: '', label: pick(text.noBinding) }, ...SYSTEM_FIGURES.map((figure) => ({ value: figure, label: pick(SYSTEM_FIGURE_LABELS[figure]) }))]}
              onChange={(binding: string) => onChange(withOptional(field, 'binding', binding === '' ? undefined : (binding as FormField['binding'])))}
            />
          )}
        </DesignerItem>
      )}
      {field.type === 'table' && (
        <ColumnsEditor columns={field.columns ?? []} path={`${path}.columns`} problemsAt={problemsAt} onChange={(columns) => onChange({ ...field, columns })} />
      )}
    </>
  );
}

/** What a field and a table column share: key, type, labels, required, bounds, whole numbers and options. */
function SpecInputs<T extends FormField | TableColumn>({ spec, path, problemsAt, types, onChange, keyLabel }: {
  spec: T;
  path: string;
  problemsAt: ProblemsAt;
  types: readonly T['type'][];
  onChange: (spec: T) => void;
  keyLabel: typeof text.fieldKey;
}): ReactNode {
  const { pick } = useI18n();
  const bounded = spec.type !== 'date' && spec.type !== 'single_choice';
  return (
    <>
      <Row gutter={12}>
        <Col xs={24} md={10}>
          <TextInput label={keyLabel} path={`${path}.key`} problemsAt={problemsAt} value={spec.key} monospace onChange={(key) => onChange({ ...spec, key })} extra={text.fieldKeyHint} />
        </Col>
        <Col xs={16} md={9}>
          <DesignerItem label={text.type} path={`${path}.type`} problemsAt={problemsAt}>
            {(id) => (
              <Select
                id={id}
                value={spec.type}
                options={types.map((type) => ({ value: type, label: pick(FORM_FIELD_TYPE_NAMES[type]) }))}
                onChange={(type: T['type']) => onChange(withType(spec, type))}
              />
            )}
          </DesignerItem>
        </Col>
        <Col xs={8} md={5}>
          <DesignerItem label={text.required} path={`${path}.required`} problemsAt={problemsAt}>
            {(id) => <Checkbox id={id} checked={Boolean(spec.required)} onChange={(event) => onChange(withOptional(spec, 'required', event.target.checked || undefined))} />}
          </DesignerItem>
        </Col>
      </Row>
      <LocalTextInputs labels={{ zh: text.labelZh, en: text.labelEn }} path={`${path}.label`} problemsAt={problemsAt} value={spec.label} onChange={(label) => onChange({ ...spec, label })} />
      {bounded && (
        <Row gutter={12}>
          {(['min', 'max'] as const).map((bound) => (
            <Col span={12} key={bound}>
              <NumberInput
                label={boundLabel(spec.type, bound)}
                path={`${path}.${bound}`}
                problemsAt={problemsAt}
                value={spec[bound]}
                onChange={(value) => onChange(withOptional(spec, bound, value))}
              />
            </Col>
          ))}
        </Row>
      )}
      {spec.type === 'number' && <WholeNumberInput spec={spec} path={path} problemsAt={problemsAt} onChange={onChange} />}
      {CHOICES.includes(spec.type) && (
        <OptionsEditor options={spec.options ?? []} path={`${path}.options`} problemsAt={problemsAt} onChange={(options) => onChange({ ...spec, options })} />
      )}
    </>
  );
}

/** Whole numbers only: set by the designer, or implied (and so fixed) by a binding to a count. */
function WholeNumberInput<T extends FormField | TableColumn>({ spec, path, problemsAt, onChange }: {
  spec: T;
  path: string;
  problemsAt: ProblemsAt;
  onChange: (spec: T) => void;
}): ReactNode {
  const implied = takesWholeNumbers({ type: spec.type, binding: 'binding' in spec ? spec.binding : undefined });
  return (
    <DesignerItem label={text.wholeNumber} path={`${path}.wholeNumber`} problemsAt={problemsAt} extra={implied ? text.wholeNumberImplied : text.wholeNumberHint}>
      {(id) => (
        <Checkbox
          id={id}
          checked={implied || spec.wholeNumber === true}
          disabled={implied}
          onChange={(event) => onChange(withOptional(spec, 'wholeNumber', event.target.checked || undefined))}
        />
      )}
    </DesignerItem>
  );
}

function OptionsEditor({ options, path, problemsAt, onChange }: { options: ChoiceOption[]; path: string; problemsAt: ProblemsAt; onChange: (options: ChoiceOption[]) => void }): ReactNode {
  const { pick } = useI18n();
  return (
    <div className="form-designer-list">
      <Typography.Text strong>{pick(text.options)}</Typography.Text>
      <DesignerProblems problems={problemsAt(path)} />
      {options.map((option, index) => (
        <Row gutter={8} key={index} align="bottom">
          <Col xs={24} md={6}>
            <TextInput label={text.optionValue} path={`${path}[${index}].value`} problemsAt={problemsAt} value={option.value} monospace onChange={(value) => onChange(replaced(options, index, { ...option, value }))} />
          </Col>
          <Col xs={20} md={16}>
            <LocalTextInputs labels={{ zh: text.labelZh, en: text.labelEn }} path={`${path}[${index}].label`} problemsAt={problemsAt} value={option.label} onChange={(label) => onChange(replaced(options, index, { ...option, label }))} />
          </Col>
          <Col xs={4} md={2} style={{ paddingBottom: 12 }}>
            <Button type="text" danger icon={<DeleteOutlined />} aria-label={pick(text.removeOption, { n: index + 1 })} onClick={() => onChange(removed(options, index))} />
          </Col>
        </Row>
      ))}
      <Button size="small" icon={<PlusOutlined />} onClick={() => onChange([...options, newOption(options)])}>
        {pick(text.addOption)}
      </Button>
    </div>
  );
}

function ColumnsEditor({ columns, path, problemsAt, onChange }: { columns: TableColumn[]; path: string; problemsAt: ProblemsAt; onChange: (columns: TableColumn[]) => void }): ReactNode {
  const { pick } = useI18n();
  return (
    <div className="form-designer-list">
      <Typography.Text strong>{pick(text.columns)}</Typography.Text>
      <DesignerProblems problems={problemsAt(path)} />
      {columns.map((column, index) => {
        const name = pick(column.label) || column.key;
        return (
          <Card
            key={index}
            size="small"
            type="inner"
            title={name}
            extra={
              <Space size={0}>
                <Button type="text" icon={<ArrowUpOutlined />} aria-label={pick(text.moveUp, { name })} onClick={() => onChange(moved(columns, index, -1))} />
                <Button type="text" icon={<ArrowDownOutlined />} aria-label={pick(text.moveDown, { name })} onClick={() => onChange(moved(columns, index, 1))} />
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={pick(text.removeColumn, { n: index + 1 })} onClick={() => onChange(removed(columns, index))} />
              </Space>
            }
            style={{ marginBottom: 8 }}
          >
            <SpecInputs spec={column} path={`${path}[${index}]`} problemsAt={problemsAt} types={COLUMN_TYPES} onChange={(next) => onChange(replaced(columns, index, next))} keyLabel={text.columnKey} />
          </Card>
        );
      })}
      <Button size="small" icon={<PlusOutlined />} onClick={() => onChange([...columns, newColumn(columns)])}>
        {pick(text.addColumn)}
      </Button>
    </div>
  );
}

/** What a bound limits: a text's length, a list's items or a table's rows, or the value itself. */
function boundLabel(type: FormFieldType, bound: 'min' | 'max') {
  if (type === 'text' || type === 'long_text') return bound === 'min' ? text.minLength : text.maxLength;
  if (type === 'multiple_choice' || type === 'table') return bound === 'min' ? text.minItems : text.maxItems;
  return text[bound];
}

/** The spec with an optional property set, or left out when undefined (so the saved JSON has no nulls). */
function withOptional<T extends object, K extends keyof T>(spec: T, key: K, value: T[K] | undefined): T {
  const next = { ...spec };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}
