/**
 * Renders an evaluation form (a FormDefinition) in the reader's language and holds its
 * answers as FormAnswers. The designer's preview, the branch's report page and the
 * reviewer's view use it; it checks the answers with the same validator the API runs,
 * so a problem shows at its field as the user types: while drafting, what would keep
 * the draft from being saved as an error and what only the submission asks for as a
 * warning; once submitting, every problem as an error.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, ConfigProvider, Form, Table, Tag, Typography } from 'antd';
import { useId, useMemo, type ReactNode } from 'react';
import { renderError } from '@lib/common/error-messages';
import type { FormAnswers, FormDefinition, FormField, FormValue } from '@lib/evaluation/form-schema';
import { answerFindings, isEmptyAnswer, takesWholeNumbers, type AnswerStage } from '@lib/evaluation/form-validation';
import { useI18n } from '../../i18n/i18n';
import { FieldInput, FieldValueText } from './field-input';
import { FORM_TEXT, SYSTEM_FIGURE_LABELS } from './labels';
import './evaluation-form.css';

/** A highlight on a field: for the reviewer, a difference from the system figure or a comment. */
export interface FieldMark {
  tone: 'info' | 'warning' | 'error';
  text: string;
}

/** A problem the API answered (ApiError.details): shown at the field it names. */
export interface AnsweredProblem {
  field: string;
  problem: string;
}

export interface EvaluationFormProps {
  definition: FormDefinition;
  value: FormAnswers;
  /** Called with the whole new answers on every change; left out with readOnly. */
  onChange?: (answers: FormAnswers) => void;
  /** Shows the answers as text, without inputs. */
  readOnly?: boolean;
  /**
   * 'draft' (the default) shows what keeps the draft from being saved as errors and the
   * rest (missing, out of bounds, against a rule) as warnings; 'submit' shows every
   * problem as an error. A page switches to 'submit' once the user has tried to submit.
   */
  stage?: AnswerStage;
  /** Problems the API answered, at the fields they name (`answers.<key>`, `answers.<key>[<row>].<column>`). */
  serverProblems?: AnsweredProblem[];
  /** Fields to highlight, by key. */
  marks?: Record<string, FieldMark>;
  /** Extra content under a field (e.g. "system figure: 1,200; explanation: …"). */
  renderExtra?: (field: FormField) => ReactNode;
}

/** A problem's text and how it is shown: an error stops what the user is doing, a warning only the submission. */
interface Shown {
  text: string;
  tone: 'error' | 'warning';
}

type Problems = Map<string, Shown[]>;

const MARK_TAG_COLOR: Record<FieldMark['tone'], string> = { info: 'blue', warning: 'orange', error: 'red' };
/** antd's warning orange is too light to read as text (1.9:1); this one reads at 6:1 on white. */
const WARNING_TEXT_COLOUR = '#ad4e00';

export function EvaluationForm({ definition, value, onChange, readOnly, stage = 'draft', serverProblems, marks, renderExtra }: EvaluationFormProps): ReactNode {
  const { locale } = useI18n();
  const idPrefix = useId();
  const problems = useMemo(() => {
    const byPath: Problems = new Map();
    const add = (field: string, shown: Shown) => {
      const path = field.replace(/^answers\./, '');
      byPath.set(path, [...(byPath.get(path) ?? []), shown]);
    };
    if (!readOnly) {
      for (const { problem, blocksDraft } of answerFindings(definition, value)) {
        add(problem.field, { text: renderError(problem.code, problem.params, locale), tone: stage === 'submit' || blocksDraft ? 'error' : 'warning' });
      }
    }
    for (const problem of serverProblems ?? []) add(problem.field, { text: problem.problem, tone: 'error' });
    return byPath;
  }, [definition, value, stage, serverProblems, readOnly, locale]);

  const change = (key: string, next: FormValue) => {
    const answers = { ...value };
    if (isEmptyAnswer(next)) delete answers[key];
    else answers[key] = next;
    onChange?.(answers);
  };

  return (
    <ConfigProvider theme={{ token: { colorWarning: WARNING_TEXT_COLOUR } }}>
      <Form layout="vertical" component="div" className="evaluation-form" data-testid="evaluation-form">
        {definition.sections.map((section) => (
          <section key={section.key} className="evaluation-form-section" aria-labelledby={`${idPrefix}-${section.key}`}>
            <Typography.Title level={4} id={`${idPrefix}-${section.key}`}>
              <LocalTextOf text={section.title} />
            </Typography.Title>
            {section.description && (
              <Typography.Paragraph type="secondary">
                <LocalTextOf text={section.description} />
              </Typography.Paragraph>
            )}
            {section.fields.map((field) => (
              <FormFieldView
                key={field.key}
                field={field}
                id={`${idPrefix}-${field.key}`}
                value={value[field.key]}
                onChange={(next) => change(field.key, next)}
                readOnly={readOnly}
                problems={problems}
                mark={marks?.[field.key]}
                extra={renderExtra?.(field)}
              />
            ))}
          </section>
        ))}
      </Form>
    </ConfigProvider>
  );
}

function LocalTextOf({ text }: { text: { zh: string; en: string } }): ReactNode {
  const { pick } = useI18n();
  return <>{pick(text)}</>;
}

/** The problems at a field itself and at its items (`channels[1]`), not at a table's cells. */
function fieldProblems(problems: Problems, key: string): Shown[] {
  const own = new RegExp(`^${key}(\\[\\d+\\])?$`);
  return [...problems.entries()].filter(([path]) => own.test(path)).flatMap(([, shown]) => shown);
}

/** The status of an input: an error when any problem is one, a warning when there are only warnings. */
function statusOf(shown: Shown[]): Shown['tone'] | undefined {
  if (shown.length === 0) return undefined;
  return shown.some((each) => each.tone === 'error') ? 'error' : 'warning';
}

/** A problem's text, found by tests and read by screen readers as the field's error or warning. */
function ShownText({ shown }: { shown: Shown }): ReactNode {
  return <div data-testid={shown.tone === 'error' ? 'form-field-problem' : 'form-field-warning'}>{shown.text}</div>;
}

interface FormFieldViewProps {
  field: FormField;
  id: string;
  value: FormValue | undefined;
  onChange: (value: FormValue) => void;
  readOnly?: boolean;
  problems: Problems;
  mark?: FieldMark;
  extra?: ReactNode;
}

function FormFieldView({ field, id, value, onChange, readOnly, problems, mark, extra }: FormFieldViewProps): ReactNode {
  const { pick } = useI18n();
  const own = fieldProblems(problems, field.key);
  const label = (
    <span className="evaluation-form-label">
      {pick(field.label)}
      {field.binding && <Tag className="evaluation-form-bound">{pick(FORM_TEXT.bound, { figure: pick(SYSTEM_FIGURE_LABELS[field.binding]) })}</Tag>}
      {mark && <Tag color={MARK_TAG_COLOR[mark.tone]}>{mark.text}</Tag>}
    </span>
  );
  const status = statusOf(own);
  const help = status ? <div>{own.map((shown, index) => <ShownText key={index} shown={shown} />)}</div> : undefined;
  const body =
    field.type === 'table' ? (
      <TableField field={field} id={id} value={value} onChange={onChange} readOnly={readOnly} problems={problems} />
    ) : readOnly ? (
      <FieldValueText spec={{ type: field.type, options: field.options }} value={value} />
    ) : (
      <FieldInput spec={{ type: field.type, options: field.options, wholeNumber: takesWholeNumbers(field) }} id={id} value={value} onChange={onChange} status={status} />
    );
  return (
    <div className={`evaluation-form-field${mark ? ` evaluation-form-mark-${mark.tone}` : ''}`} data-field={field.key}>
      <Form.Item
        label={label}
        htmlFor={field.type === 'table' || readOnly ? undefined : id}
        required={field.required && !readOnly}
        validateStatus={status}
        help={help}
        extra={field.help ? pick(field.help) : undefined}
      >
        {body}
      </Form.Item>
      {extra && <div className="evaluation-form-extra">{extra}</div>}
    </div>
  );
}

type Row = Record<string, string | string[]>;

interface TableFieldProps {
  field: FormField;
  id: string;
  value: FormValue | undefined;
  onChange: (value: FormValue) => void;
  readOnly?: boolean;
  problems: Problems;
}

/** A repeating table: one row per item (a product line, a spend item), rows added and removed by the user. */
function TableField({ field, id, value, onChange, readOnly, problems }: TableFieldProps): ReactNode {
  const { pick } = useI18n();
  const rows: Row[] = Array.isArray(value) ? (value as Row[]) : [];
  const columns = field.columns ?? [];
  const setCell = (index: number, key: string, cell: string | string[] | null) =>
    onChange(rows.map((row, at) => (at === index ? withCell(row, key, cell) : row)));
  const tableColumns = columns.map((column) => ({
    key: column.key,
    title: (
      <span>
        {pick(column.label)}
        {column.required && !readOnly && <span className="evaluation-form-required" aria-hidden>*</span>}
      </span>
    ),
    render: (_: unknown, row: Row, index: number) => {
      const cellProblems = problems.get(`${field.key}[${index}].${column.key}`) ?? [];
      const spec = { type: column.type, options: column.options, wholeNumber: takesWholeNumbers(column) };
      if (readOnly) return <FieldValueText spec={spec} value={row[column.key]} />;
      return (
        <div>
          <FieldInput
            spec={spec}
            compact
            value={row[column.key]}
            onChange={(cell) => setCell(index, column.key, cell)}
            ariaLabel={pick(FORM_TEXT.cell, { column: pick(column.label), row: index + 1 })}
            status={statusOf(cellProblems)}
          />
          {cellProblems.map((shown, at) => (
            <Typography.Text
              key={at}
              type={shown.tone === 'error' ? 'danger' : 'warning'}
              className="evaluation-form-cell-problem"
              data-testid={shown.tone === 'error' ? 'form-field-problem' : 'form-field-warning'}
            >
              {shown.text}
            </Typography.Text>
          ))}
        </div>
      );
    },
  }));
  const actions = {
    key: '__actions',
    title: pick(FORM_TEXT.actions),
    width: 64,
    render: (_: unknown, __: Row, index: number) => (
      <Button
        type="text"
        danger
        icon={<DeleteOutlined />}
        aria-label={pick(FORM_TEXT.removeRow, { row: index + 1 })}
        onClick={() => onChange(rows.filter((_row, at) => at !== index))}
      />
    ),
  };
  return (
    <div id={id} className="evaluation-form-table">
      <Table<Row>
        size="small"
        pagination={false}
        rowKey={(_row, index) => String(index)}
        dataSource={rows}
        columns={readOnly ? tableColumns : [...tableColumns, actions]}
        locale={{ emptyText: pick(FORM_TEXT.noRows) }}
        scroll={{ x: 'max-content' }}
      />
      {!readOnly && (
        <Button type="dashed" icon={<PlusOutlined />} onClick={() => onChange([...rows, {}])} className="evaluation-form-add-row">
          {pick(FORM_TEXT.addRow)}
        </Button>
      )}
    </div>
  );
}

/** A row with one cell changed; an emptied cell is left out rather than kept as null. */
function withCell(row: Row, key: string, cell: string | string[] | null): Row {
  const next = { ...row };
  if (cell === null || isEmptyAnswer(cell)) delete next[key];
  else next[key] = cell;
  return next;
}
