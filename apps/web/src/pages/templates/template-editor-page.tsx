import { ArrowLeftOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import type { CustomerListItem } from '@lib/customers/customer.view';
import type { Page } from '@lib/common/page';
import { api, ApiError } from '../../api/client';
import { useShowError } from '../../components/errors';
import { LoadFailure } from '../../components/load-failure';
import { PageHeading } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { OBJECTIVE_LABELS } from '../campaigns/campaign-text';
import {
  CHANNELS,
  templateApi,
  TEMPLATE_WRITERS,
  type MessageTemplate,
  type TemplateChannel,
  type TemplateObjective,
  type TemplatePreviewView,
  type TemplateProblemView,
} from './template-api';
import type { MessageTemplateInput } from '@lib/message-templates/message-template.view';
import { channelText, templateText as text } from './template-text';

/** The form holds what POST /message-templates takes. */
type TemplateForm = MessageTemplateInput;

type Part = 'subject' | 'html' | 'text' | 'body';
const PREVIEW_DELAY_MS = 400;
const CODE_STYLE = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 };
const OBJECTIVES: TemplateObjective[] = ['cross_sell', 'retention', 'win_back', 'referral'];

const newTemplate = (): Partial<TemplateForm> => ({
  channel: 'email',
  subject: '{{customer.name}}{{customer.title}}，为您推荐：{{bundle.name}}',
  html: '<p>尊敬的{{customer.name}}{{customer.title}}：</p>\n<p>{{bundle.shortText}}</p>',
  text: '尊敬的{{customer.name}}{{customer.title}}：\n{{bundle.shortText}}',
});

const partsOf = (channel: TemplateChannel): Part[] => (channel === 'email' ? ['subject', 'html', 'text'] : ['body']);

/**
 * Creates or edits a template: its parts, the problems of each part at its field as
 * one types, a live preview on a customer of the scope (the HTML in a sandboxed frame),
 * saving over the version edited, and a test mail to oneself.
 */
export default function TemplateEditorPage() {
  const { id = 'new' } = useParams();
  const templateId = id === 'new' ? undefined : Number(id);
  const { pick } = useI18n();
  const { hasAnyRole } = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<TemplateForm>();
  const [template, setTemplate] = useState<MessageTemplate>();
  const [loadError, setLoadError] = useState<unknown>();
  const [customerId, setCustomerId] = useState<number>();
  const [customerOptions, setCustomerOptions] = useState<{ value: number; label: string }[]>([]);
  const [preview, setPreview] = useState<TemplatePreviewView>();
  const [saveProblems, setSaveProblems] = useState<TemplateProblemView[]>([]);
  const [variables, setVariables] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [sending, setSending] = useState(false);
  const canWrite = hasAnyRole(TEMPLATE_WRITERS) && (!template || template.editable);

  const channel = (Form.useWatch('channel', form) ?? template?.channel ?? 'email') as TemplateChannel;
  const subject = Form.useWatch('subject', form);
  const html = Form.useWatch('html', form);
  const plain = Form.useWatch('text', form);
  const body = Form.useWatch('body', form);
  const parts = useMemo(() => {
    const all = { subject, html, text: plain, body };
    return Object.fromEntries(partsOf(channel).map((part) => [part, all[part] ?? ''])) as Partial<Record<Part, string>>;
  }, [channel, subject, html, plain, body]);

  useEffect(() => {
    if (!templateId) return;
    templateApi.get(templateId).then(setTemplate, setLoadError);
  }, [templateId]);
  useEffect(() => {
    if (template) form.setFieldsValue({ ...template, subject: template.subject ?? undefined, html: template.html ?? undefined, text: template.text ?? undefined, body: template.body ?? undefined });
  }, [template, form]);
  useEffect(() => {
    templateApi.variables(channel).then(setVariables, showError);
  }, [channel, showError]);

  // The preview follows the typing, a moment after it stops; a newer request cancels the older one.
  useEffect(() => {
    if (templateId && !template) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      templateApi.preview({ channel, ...parts, customerId }, controller.signal).then(
        (answer) => {
          setPreview(answer);
          setSaveProblems([]);
        },
        (error) => {
          if (!controller.signal.aborted) showError(error);
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [channel, parts, customerId, templateId, template, showError]);

  const searchCustomers = (q: string) => {
    if (!q.trim()) return;
    api.get<Page<CustomerListItem>>('/customers', { q, pageSize: 10 }).then(
      (page) => setCustomerOptions(page.items.map((c) => ({ value: c.id, label: `${c.name} · ${c.customerNo}` }))),
      showError,
    );
  };

  if (loadError) return <LoadFailure error={loadError} backTo="/templates" backLabel={pick(text.back)} />;
  if (templateId && !template) return <Spin style={{ display: 'block', marginTop: 80 }} />;

  const problems = [...(preview?.problems ?? []), ...saveProblems];
  const fieldHelp = (field: string) => {
    const mine = [...new Set(problems.filter((p) => p.field === field).map((p) => p.problem))];
    if (mine.length === 0) return {};
    return {
      validateStatus: 'error' as const,
      help: (
        <div data-testid={`problems-${field}`}>
          {mine.map((problem) => <div key={problem}>{problem}</div>)}
        </div>
      ),
    };
  };

  const save = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      const saved = template
        ? await templateApi.update(template.id, { version: template.version, name: values.name, objective: values.objective ?? null, ...parts })
        : await templateApi.create({ key: values.key, channel: values.channel, name: values.name, objective: values.objective ?? null, ...parts });
      setTemplate(saved);
      message.success(pick(text.saved, { version: saved.version }));
      if (!template) navigate(`/templates/${saved.id}`, { replace: true });
    } catch (error) {
      if (error instanceof ApiError) {
        setSaveProblems(error.details.map((d) => ({ field: d.field, code: (d.code ?? 'error') as TemplateProblemView['code'], params: {}, problem: d.problem })));
        form.setFields(error.details.filter((d) => ['key', 'name', 'channel'].includes(d.field)).map((d) => ({ name: d.field as keyof TemplateForm, errors: [d.problem] })));
      }
      showError(error);
    } finally {
      setSaving(false);
    }
  };

  const sendTest = async () => {
    setSending(true);
    try {
      const sent = await templateApi.testSend({ channel, ...parts, customerId });
      message.success(pick(text.testSent, { to: sent.to }));
    } catch (error) {
      showError(error);
    } finally {
      setSending(false);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space align="center" style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Space align="center">
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/templates')} aria-label={pick(text.back)} />
          <PageHeading testId="template-title">{template ? `${template.name}` : pick(text.newTemplate)}</PageHeading>
          {template && <Tag>{`${pick(text.version)} ${template.version}`}</Tag>}
        </Space>
        {canWrite && (
          <Space>
            {channel === 'email' && (
              <Button icon={<SendOutlined />} loading={sending} onClick={sendTest} data-testid="send-test">{pick(text.sendTest)}</Button>
            )}
            <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={save} data-testid="save-template">{pick(text.save)}</Button>
          </Space>
        )}
      </Space>
      {!canWrite && <Alert type="info" showIcon message={pick(text.readOnly)} />}
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card>
            <Form form={form} layout="vertical" disabled={!canWrite} className={canWrite ? undefined : 'read-only-form'} initialValues={newTemplate()} requiredMark={false}>
              <Row gutter={12}>
                <Col span={12} className={template ? 'read-only-form' : undefined}>
                  <Form.Item name="key" label={pick(text.key)} extra={pick(text.keyHint)} rules={[{ required: true, whitespace: true, message: pick(text.required) }]}>
                    <Input maxLength={64} disabled={Boolean(template) || !canWrite} data-testid="template-key" />
                  </Form.Item>
                </Col>
                <Col span={12} className={template ? 'read-only-form' : undefined}>
                  <Form.Item name="channel" label={pick(text.channel)}>
                    <Select disabled={Boolean(template) || !canWrite} data-testid="template-channel" options={CHANNELS.map((c) => ({ value: c, label: pick(channelText[c]) }))} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="name" label={pick(text.name)} rules={[{ required: true, whitespace: true, message: pick(text.required) }]}>
                    <Input maxLength={100} data-testid="template-name" />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="objective" label={pick(text.objective)}>
                    <Select allowClear placeholder={pick(text.none)} options={OBJECTIVES.map((o) => ({ value: o, label: pick(OBJECTIVE_LABELS[o]) }))} />
                  </Form.Item>
                </Col>
              </Row>
              {channel === 'email' ? (
                <>
                  <Form.Item name="subject" label={pick(text.subject)} {...fieldHelp('subject')}>
                    <Input maxLength={300} style={CODE_STYLE} data-testid="template-subject" />
                  </Form.Item>
                  <Form.Item name="html" label={pick(text.html)} extra={pick(text.htmlHint)} {...fieldHelp('html')}>
                    <Input.TextArea autoSize={{ minRows: 10, maxRows: 24 }} spellCheck={false} style={CODE_STYLE} data-testid="template-html" />
                  </Form.Item>
                  <Form.Item name="text" label={pick(text.text)} {...fieldHelp('text')}>
                    <Input.TextArea autoSize={{ minRows: 6, maxRows: 18 }} spellCheck={false} style={CODE_STYLE} data-testid="template-text" />
                  </Form.Item>
                </>
              ) : (
                <Form.Item name="body" label={pick(text.body)} {...fieldHelp('body')}>
                  <Input.TextArea autoSize={{ minRows: 12, maxRows: 30 }} spellCheck={false} style={CODE_STYLE} data-testid="template-body" />
                </Form.Item>
              )}
            </Form>
            <Typography.Text type="secondary">{pick(text.variables)}：</Typography.Text>
            <div data-testid="template-variables">
              {variables.map((variable) => <Tag key={variable} style={{ ...CODE_STYLE, marginTop: 4 }}>{`{{${variable}}}`}</Tag>)}
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={pick(text.preview)}>
            <Space direction="vertical" size={12} style={{ width: '100%' }}>
              <div>
                <label htmlFor="template-preview-customer">{pick(text.previewCustomer)}</label>
                <Select
                  id="template-preview-customer"
                  showSearch
                  allowClear
                  filterOption={false}
                  style={{ width: '100%', marginTop: 4 }}
                  placeholder={pick(text.previewCustomerHint)}
                  options={customerOptions}
                  value={customerId}
                  onSearch={searchCustomers}
                  onChange={(value?: number) => setCustomerId(value)}
                  data-testid="preview-customer"
                />
              </div>
              {preview?.customer && (
                <Typography.Text type="secondary" data-testid="preview-customer-name">{pick(text.previewOf, { name: preview.customer.name })}</Typography.Text>
              )}
              {preview && preview.problems.length > 0 && <Alert type="warning" showIcon message={pick(text.previewProblems)} />}
              {preview && preview.problems.length === 0 && (
                <>
                  {channel === 'email' && (
                    <Typography.Text strong data-testid="preview-subject">{preview.subject}</Typography.Text>
                  )}
                  <iframe
                    title={pick(text.previewFrame)}
                    sandbox=""
                    srcDoc={preview.html}
                    data-testid="preview-frame"
                    style={{ width: '100%', height: 520, border: '1px solid #e4e7eb', borderRadius: 6, background: '#fff' }}
                  />
                  <Typography.Text type="secondary">{pick(text.textPreview)}</Typography.Text>
                  <pre data-testid="preview-text" style={{ ...CODE_STYLE, whiteSpace: 'pre-wrap', margin: 0, padding: 12, background: '#f5f7fa', borderRadius: 6 }}>{preview.text}</pre>
                </>
              )}
            </Space>
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
