import { Col, Form, Input, InputNumber, Row, Typography } from 'antd';
import { useId, type ReactNode } from 'react';
import type { LocalText } from '@lib/common/error-messages';
import { useI18n, type Text } from '../../i18n/i18n';

/** The problems of the definition by path (`sections[0].fields[2].key`), texts in the reader's language. */
export type ProblemsAt = (path: string) => string[];

/** One labelled input of the designer, with the problems of its path under it. */
export function DesignerItem({ label, path, problemsAt, children, extra }: { label: Text; path: string; problemsAt: ProblemsAt; children: (id: string) => ReactNode; extra?: Text }): ReactNode {
  const { pick } = useI18n();
  const id = useId();
  const problems = problemsAt(path);
  return (
    <Form.Item
      label={pick(label)}
      htmlFor={id}
      validateStatus={problems.length ? 'error' : undefined}
      help={problems.length ? <span data-testid="designer-problem">{problems.join('; ')}</span> : undefined}
      extra={extra ? pick(extra) : undefined}
      style={{ marginBottom: 12 }}
    >
      {children(id)}
    </Form.Item>
  );
}

export function TextInput({ label, path, problemsAt, value, onChange, extra, monospace }: {
  label: Text;
  path: string;
  problemsAt: ProblemsAt;
  value: string | undefined;
  onChange: (value: string) => void;
  extra?: Text;
  monospace?: boolean;
}): ReactNode {
  return (
    <DesignerItem label={label} path={path} problemsAt={problemsAt} extra={extra}>
      {(id) => (
        <Input
          id={id}
          value={value ?? ''}
          status={problemsAt(path).length ? 'error' : undefined}
          style={monospace ? { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' } : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </DesignerItem>
  );
}

export function NumberInput({ label, path, problemsAt, value, onChange }: {
  label: Text;
  path: string;
  problemsAt: ProblemsAt;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
}): ReactNode {
  return (
    <DesignerItem label={label} path={path} problemsAt={problemsAt}>
      {(id) => <InputNumber id={id} value={value} style={{ width: '100%' }} onChange={(next) => onChange(next ?? undefined)} />}
    </DesignerItem>
  );
}

/** A text in both languages, side by side; `optional` texts may be left empty in both. */
export function LocalTextInputs({ labels, path, problemsAt, value, onChange }: {
  labels: { zh: Text; en: Text };
  path: string;
  problemsAt: ProblemsAt;
  value: LocalText | undefined;
  onChange: (value: LocalText) => void;
}): ReactNode {
  const text = value ?? { zh: '', en: '' };
  return (
    <Row gutter={12}>
      {(['zh', 'en'] as const).map((language) => (
        <Col span={12} key={language}>
          <TextInput
            label={labels[language]}
            path={`${path}.${language}`}
            problemsAt={(at) => [...problemsAt(at), ...(language === 'zh' ? problemsAt(path) : [])]}
            value={text[language]}
            onChange={(next) => onChange({ ...text, [language]: next })}
          />
        </Col>
      ))}
    </Row>
  );
}

/** Problems of a part of the definition that has no input of its own (a section's fields, a table's columns). */
export function DesignerProblems({ problems }: { problems: string[] }): ReactNode {
  return problems.map((problem) => (
    <Typography.Text key={problem} type="danger" data-testid="designer-problem" style={{ display: 'block', marginBottom: 8 }}>
      {problem}
    </Typography.Text>
  ));
}
