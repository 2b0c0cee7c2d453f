import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, Row, Space } from 'antd';
import { useState, type ReactNode } from 'react';
import type { FormDefinition, FormSection } from '@lib/evaluation/form-schema';
import { useI18n } from '../../i18n/i18n';
import { moved, newField, newSection, optionalText, removed, replaced } from './definition-edits';
import { DesignerProblems, LocalTextInputs, TextInput, type ProblemsAt } from './designer-inputs';
import { formText as text } from './evaluation-form-text';
import { FieldEditor } from './field-editor';
import { RulesEditor } from './rules-editor';
import './form-designer.css';

/** Edits a draft's definition: sections and their fields (added, removed, reordered), then the cross-field rules. */
export function FormDesigner({ definition, problemsAt, problemCount, onChange }: {
  definition: FormDefinition;
  problemsAt: ProblemsAt;
  /** How many problems lie at a path or below it. */
  problemCount: (path: string) => number;
  onChange: (definition: FormDefinition) => void;
}): ReactNode {
  const { pick } = useI18n();
  // The one field unfolded, by its place: `sections[0].fields[2]`.
  const [openField, setOpenField] = useState<string>();
  const setSections = (sections: FormSection[]) => onChange({ ...definition, sections });
  const setSection = (index: number, section: FormSection) => setSections(replaced(definition.sections, index, section));
  return (
    <Form layout="vertical" component="div" className="form-designer" data-testid="form-designer">
      {definition.sections.map((section, index) => {
        const path = `sections[${index}]`;
        const title = pick(section.title) || pick(text.section, { n: index + 1 });
        return (
          <Card
            key={index}
            title={title}
            className="form-designer-section"
            extra={
              <Space size={0}>
                <Button type="text" icon={<ArrowUpOutlined />} aria-label={pick(text.moveUp, { name: title })} onClick={() => setSections(moved(definition.sections, index, -1))} />
                <Button type="text" icon={<ArrowDownOutlined />} aria-label={pick(text.moveDown, { name: title })} onClick={() => setSections(moved(definition.sections, index, 1))} />
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={`${pick(text.removeSection)}: ${title}`} onClick={() => setSections(removed(definition.sections, index))} />
              </Space>
            }
          >
            <Row gutter={12}>
              <Col xs={24} md={8}>
                <TextInput label={text.sectionKey} path={`${path}.key`} problemsAt={problemsAt} value={section.key} monospace onChange={(key) => setSection(index, { ...section, key })} />
              </Col>
            </Row>
            <LocalTextInputs labels={{ zh: text.titleZh, en: text.titleEn }} path={`${path}.title`} problemsAt={problemsAt} value={section.title} onChange={(title) => setSection(index, { ...section, title })} />
            <LocalTextInputs
              labels={{ zh: text.descriptionZh, en: text.descriptionEn }}
              path={`${path}.description`}
              problemsAt={problemsAt}
              value={section.description}
              onChange={(description) => {
                const next = { ...section, description: optionalText(description.zh, description.en) };
                if (!next.description) delete next.description;
                setSection(index, next);
              }}
            />
            <DesignerProblems problems={problemsAt(`${path}.fields`)} />
            <div className="form-designer-fields">
              {section.fields.map((field, fieldIndex) => (
                <FieldEditor
                  key={fieldIndex}
                  field={field}
                  path={fieldPath(index, fieldIndex)}
                  problemsAt={problemsAt}
                  problemCount={problemCount(fieldPath(index, fieldIndex))}
                  open={openField === fieldPath(index, fieldIndex)}
                  onToggle={() => setOpenField(openField === fieldPath(index, fieldIndex) ? undefined : fieldPath(index, fieldIndex))}
                  onChange={(next) => setSection(index, { ...section, fields: replaced(section.fields, fieldIndex, next) })}
                  onMove={(by) => {
                    setSection(index, { ...section, fields: moved(section.fields, fieldIndex, by) });
                    const target = fieldIndex + by;
                    if (openField === fieldPath(index, fieldIndex) && target >= 0 && target < section.fields.length) setOpenField(fieldPath(index, target));
                  }}
                  onRemove={() => {
                    setSection(index, { ...section, fields: removed(section.fields, fieldIndex) });
                    setOpenField(undefined);
                  }}
                />
              ))}
            </div>
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => {
                setSection(index, { ...section, fields: [...section.fields, newField(definition)] });
                setOpenField(fieldPath(index, section.fields.length));
              }}
              data-testid="add-field"
            >
              {pick(text.addField)}
            </Button>
          </Card>
        );
      })}
      <DesignerProblems problems={problemsAt('sections')} />
      <Button
        icon={<PlusOutlined />}
        onClick={() => {
          setSections([...definition.sections, newSection(definition)]);
          setOpenField(fieldPath(definition.sections.length, 0));
        }}
        data-testid="add-section"
        style={{ marginBottom: 16 }}
      >
        {pick(text.addSection)}
      </Button>
      <RulesEditor definition={definition} problemsAt={problemsAt} onChange={(rules) => onChange({ ...definition, rules })} />
    </Form>
  );
}

function fieldPath(section: number, field: number): string {
  return `sections[${section}].fields[${field}]`;
}
