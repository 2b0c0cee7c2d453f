import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, InputNumber, Row, Segmented, Select, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { FormDefinition, FormRule } from '@lib/evaluation/form-schema';
import { formFields } from '@lib/evaluation/form-validation';
import { useI18n } from '../../i18n/i18n';
import { newRule, optionalText, removed, replaced, ruleReferences } from './definition-edits';
import { DesignerItem, LocalTextInputs, type ProblemsAt } from './designer-inputs';
import { formText as text } from './evaluation-form-text';

const OPS = ['<', '<=', '=', '>=', '>'] as const;
const OP_SIGNS: Record<string, string> = { '<': '<', '<=': '≤', '=': '=', '>=': '≥', '>': '>' };

/** The cross-field rules: comparisons of two figures (or a figure and a number) and sums that must equal a total. */
export function RulesEditor({ definition, problemsAt, onChange }: { definition: FormDefinition; problemsAt: ProblemsAt; onChange: (rules: FormRule[]) => void }): ReactNode {
  const { pick } = useI18n();
  const references = ruleReferences(definition).map(({ value, field, column }) => ({
    value,
    label: column ? pick(text.columnTotal, { table: pick(field.label), column: pick(column.label) }) : pick(field.label) || field.key,
  }));
  const fieldOptions = formFields(definition).map((field) => ({ value: field.key, label: pick(field.label) || field.key }));
  const rules = definition.rules;
  const change = (index: number, rule: FormRule) => onChange(replaced(rules, index, rule));
  return (
    <Card title={pick(text.rules)} size="small" data-testid="designer-rules">
      <Typography.Paragraph type="secondary">{pick(text.rulesHint)}</Typography.Paragraph>
      {rules.map((rule, index) => {
        const path = `rules[${index}]`;
        return (
          <Card
            key={index}
            size="small"
            type="inner"
            title={`${pick(text.ruleN, { n: index + 1 })} · ${pick(rule.kind === 'compare' ? text.compare : text.sum)}`}
            extra={<Button type="text" danger icon={<DeleteOutlined />} aria-label={pick(text.removeRule, { n: index + 1 })} onClick={() => onChange(removed(rules, index))} />}
            style={{ marginBottom: 8 }}
          >
            {rule.kind === 'compare' ? (
              <Row gutter={8}>
                <Col xs={24} md={9}>
                  <DesignerItem label={text.left} path={`${path}.left`} problemsAt={problemsAt}>
                    {(id) => <Select id={id} value={rule.left || undefined} options={references} onChange={(left: string) => change(index, { ...rule, left })} />}
                  </DesignerItem>
                </Col>
                <Col xs={8} md={4}>
                  <DesignerItem label={text.op} path={`${path}.op`} problemsAt={problemsAt}>
                    {(id) => <Select id={id} value={rule.op} options={OPS.map((op) => ({ value: op, label: OP_SIGNS[op] }))} onChange={(op) => change(index, { ...rule, op })} />}
                  </DesignerItem>
                </Col>
                <Col xs={16} md={11}>
                  <DesignerItem label={text.right} path={`${path}.right`} problemsAt={problemsAt}>
                    {(id) => (
                      <Space.Compact style={{ width: '100%' }}>
                        <Segmented
                          value={typeof rule.right === 'number' ? 'constant' : 'field'}
                          options={[
                            { value: 'field', label: pick(text.figure) },
                            { value: 'constant', label: pick(text.constant) },
                          ]}
                          onChange={(kind) => change(index, { ...rule, right: kind === 'constant' ? 0 : references[0]?.value ?? '' })}
                        />
                        {typeof rule.right === 'number' ? (
                          <InputNumber id={id} value={rule.right} onChange={(right) => change(index, { ...rule, right: right ?? 0 })} style={{ width: '100%' }} />
                        ) : (
                          <Select id={id} value={rule.right || undefined} options={references} onChange={(right: string) => change(index, { ...rule, right })} style={{ width: '100%' }} />
                        )}
                      </Space.Compact>
                    )}
                  </DesignerItem>
                </Col>
              </Row>
            ) : (
              <Row gutter={8}>
                <Col xs={24} md={14}>
                  <DesignerItem label={text.parts} path={`${path}.parts`} problemsAt={problemsAt}>
                    {(id) => <Select id={id} mode="multiple" value={rule.parts} options={references} onChange={(parts: string[]) => change(index, { ...rule, parts })} />}
                  </DesignerItem>
                </Col>
                <Col xs={24} md={10}>
                  <DesignerItem label={text.total} path={`${path}.total`} problemsAt={problemsAt}>
                    {(id) => <Select id={id} value={rule.total || undefined} options={references} onChange={(total: string) => change(index, { ...rule, total })} />}
                  </DesignerItem>
                </Col>
              </Row>
            )}
            <DesignerItem label={text.shownAt} path={`${path}.field`} problemsAt={problemsAt}>
              {(id) => (
                <Select
                  id={id}
                  style={{ maxWidth: 320 }}
                  value={rule.field ?? ''}
                  options={[{ value: '', label: pick(text.shownAtDefault) }, ...fieldOptions]}
                  onChange={(field: string) => change(index, withField(rule, field))}
                />
              )}
            </DesignerItem>
            <LocalTextInputs
              labels={{ zh: text.messageZh, en: text.messageEn }}
              path={`${path}.message`}
              problemsAt={problemsAt}
              value={rule.message}
              onChange={(message) => change(index, withMessage(rule, optionalText(message.zh, message.en)))}
            />
          </Card>
        );
      })}
      <Space>
        <Button icon={<PlusOutlined />} onClick={() => onChange([...rules, newRule('compare', definition)])}>
          {pick(text.addCompare)}
        </Button>
        <Button icon={<PlusOutlined />} onClick={() => onChange([...rules, newRule('sum', definition)])}>
          {pick(text.addSum)}
        </Button>
      </Space>
    </Card>
  );
}

function withField(rule: FormRule, field: string): FormRule {
  const next = { ...rule };
  if (field === '') delete next.field;
  else next.field = field;
  return next;
}

function withMessage(rule: FormRule, message: FormRule['message']): FormRule {
  const next = { ...rule };
  if (message === undefined) delete next.message;
  else next.message = message;
  return next;
}
