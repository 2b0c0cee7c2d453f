import { Alert, App, Button, Card, Descriptions, Flex, Input, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { FigureExplanations, FormAnswers, FormField } from '@lib/evaluation/form-schema';
import { sameDecimal, validateAnswers } from '@lib/evaluation/form-validation';
import { comparedFields } from '@lib/evaluation/reports/compared-fields';
import type { ReportDetail } from '@lib/evaluation/reports/evaluation-report.view';
import { REPORT_STATUS_NAMES } from '@lib/evaluation/reports/report-status';
import { api, ApiError, apiUrl, type FieldProblem } from '../../api/client';
import { useShowError } from '../../components/errors';
import { EvaluationForm, type FieldMark } from '../../components/evaluation-form/evaluation-form';
import { LoadFailure } from '../../components/load-failure';
import { PageContainer } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { REPORT_TEXT as TEXT, StatusTag, useOccasionText } from './report-labels';
import { ReviewActions } from './review-actions';

/**
 * A branch's evaluation report: the form with its prefilled system figures, an
 * explanation box beside each changed figure, save draft and submit; the reviewer's
 * comments at their fields once returned; for the reviewer, return and approve.
 */
export default function EvaluationReportPage() {
  const { id } = useParams();
  const { pick, localName, locale } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const occasionText = useOccasionText();
  const [report, setReport] = useState<ReportDetail | null>(null);
  const [failed, setFailed] = useState<unknown>();
  const [answers, setAnswers] = useState<FormAnswers>({});
  const [explanations, setExplanations] = useState<FigureExplanations>({});
  const [stage, setStage] = useState<'draft' | 'submit'>('draft');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [busy, setBusy] = useState(false);

  const show = useCallback((detail: ReportDetail) => {
    setReport(detail);
    setAnswers(detail.answers);
    setExplanations(detail.explanations);
    setProblems([]);
  }, []);

  const load = useCallback(async () => {
    try {
      show(await api.get<ReportDetail>(`/evaluation-reports/${id}`));
    } catch (e) {
      setFailed(e);
    }
  }, [id, show]);

  useEffect(() => {
    void load();
  }, [load]);

  const changed = useCallback(
    (key: string) => report !== null && key in report.systemValues && !sameDecimal(String(answers[key] ?? ''), report.systemValues[key]),
    [report, answers],
  );

  const marks = useMemo(() => {
    const found: Record<string, FieldMark> = {};
    if (!report) return found;
    for (const key of Object.keys(report.systemValues)) if (changed(key)) found[key] = { tone: 'warning', text: pick(TEXT.differs) };
    for (const [key, text] of Object.entries(report.fieldComments)) found[key] = { tone: 'error', text: pick(TEXT.comment, { text }) };
    return found;
  }, [report, changed, pick]);

  if (failed) return <LoadFailure error={failed} backTo="/evaluation-reports" backLabel={pick(TEXT.myReports)} />;
  if (!report) return <Spin />;
  const editable = report.mayFill;
  const branchName = localName(report.branch.name, report.branch.nameEn);

  const keptExplanations = () => Object.fromEntries(Object.entries(explanations).filter(([key, text]) => changed(key) && text.trim() !== ''));

  const file = async (move: 'save' | 'submit') => {
    if (move === 'submit') {
      setStage('submit');
      const missing = Object.keys(report.systemValues).some((key) => changed(key) && !explanations[key]?.trim());
      if (missing || validateAnswers(report.form, answers, 'submit').length > 0) {
        message.error(pick(TEXT.mustFix));
        return;
      }
    }
    setBusy(true);
    try {
      const body = { answers, explanations: keptExplanations() };
      const detail = move === 'save'
        ? await api.put<ReportDetail>(`/evaluation-reports/${report.id}`, body)
        : await api.post<ReportDetail>(`/evaluation-reports/${report.id}/submit`, body);
      show(detail);
      message.success(pick(move === 'save' ? TEXT.saved : TEXT.submitted));
    } catch (e) {
      // The form marks each problem at its field, so the toast says how many rather than naming the fields' keys.
      if (e instanceof ApiError && e.details.length > 0) {
        setProblems(e.details);
        message.error(e.message, 6);
      } else showError(e);
    } finally {
      setBusy(false);
    }
  };

  const renderExtra = (field: FormField) => {
    if (!(field.key in report.systemValues)) return null;
    const system = report.systemValues[field.key];
    const differs = changed(field.key);
    // A missing explanation is asked for at submission: a warning while drafting, an error once submitting.
    const served = problems.find((p) => p.field === `explanations.${field.key}`)?.problem;
    const missing = differs && !explanations[field.key]?.trim();
    const problem = served ?? (missing ? pick(TEXT.explanationHint) : undefined);
    const tone = served || stage === 'submit' ? 'error' : 'warning';
    return (
      <div data-testid={`system-${field.key}`}>
        <Typography.Text type="secondary">{pick(TEXT.systemFigure, { value: system })}</Typography.Text>
        {differs && editable && (
          <div style={{ marginTop: 4 }}>
            <Input.TextArea
              rows={2}
              maxLength={1000}
              aria-label={pick(TEXT.explanationFor, { field: pick(field.label) })}
              placeholder={pick(TEXT.explanationHint)}
              status={problem ? tone : undefined}
              value={explanations[field.key] ?? ''}
              onChange={(event) => setExplanations({ ...explanations, [field.key]: event.target.value })}
              data-testid={`explanation-${field.key}`}
            />
            {problem && (
              <Typography.Text type={tone === 'error' ? 'danger' : 'warning'} data-testid={tone === 'error' ? 'form-field-problem' : 'form-field-warning'}>
                {problem}
              </Typography.Text>
            )}
          </div>
        )}
        {!editable && report.explanations[field.key] && (
          <div>
            <Typography.Text>{pick(TEXT.explanation)}：{report.explanations[field.key]}</Typography.Text>
          </div>
        )}
      </div>
    );
  };

  return (
    <PageContainer
      title={pick(TEXT.reportTitle, { campaign: report.campaignName, branch: branchName })}
      extra={
        <Space wrap>
          <Link to={`/campaigns/${report.campaignId}/evaluation-reports`}>{pick(TEXT.compare)}</Link>
          <a href={apiUrl(`/evaluation-reports/${report.id}/print`, { lang: locale })} target="_blank" rel="noreferrer">{pick(TEXT.printable)}</a>
          <a href={apiUrl(`/evaluation-reports/${report.id}/pdf`, { lang: locale })} target="_blank" rel="noreferrer">{pick(TEXT.pdf)}</a>
          {report.mayReview && (
            <ReviewActions reportId={report.id} fields={comparedFields(report.form)} onDecided={show} />
          )}
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
        <Descriptions.Item label={pick(TEXT.campaign)}>{report.campaignName}（{report.campaignCode}）</Descriptions.Item>
        <Descriptions.Item label={pick(TEXT.branch)}>{branchName}</Descriptions.Item>
        <Descriptions.Item label={pick(TEXT.occasion)}>{occasionText(report.occasion, report.occasionDate)}</Descriptions.Item>
        <Descriptions.Item label={pick(TEXT.status)}><StatusTag status={report.status} /></Descriptions.Item>
        <Descriptions.Item label={pick(TEXT.dueDate)}>
          {report.dueDate} {report.overdue && <Tag color="red">{pick(TEXT.overdue)}</Tag>}
        </Descriptions.Item>
      </Descriptions>
      {report.reviewComment && (
        <Alert type={report.status === 'approved' ? 'success' : 'warning'} showIcon message={pick(TEXT.reviewComment)} description={report.reviewComment} data-testid="review-comment" />
      )}
      <Card>
        <EvaluationForm
          definition={report.form}
          value={answers}
          onChange={editable ? setAnswers : undefined}
          readOnly={!editable}
          stage={stage}
          serverProblems={problems.filter((p) => p.field.startsWith('answers'))}
          marks={marks}
          renderExtra={renderExtra}
        />
        {editable && (
          <Flex gap={8} justify="end" style={{ marginTop: 16 }}>
            <Button onClick={() => void file('save')} loading={busy} data-testid="save-report">{pick(TEXT.saveDraft)}</Button>
            <Button type="primary" onClick={() => void file('submit')} loading={busy} data-testid="submit-report">{pick(TEXT.submit)}</Button>
          </Flex>
        )}
      </Card>
      <Card title={pick(TEXT.history)} size="small">
        <Timeline
          items={report.history.map((entry) => ({
            children: (
              <span>
                {new Date(entry.at).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-GB')} · {pick(REPORT_STATUS_NAMES[entry.toStatus])}
                {entry.actorName ? ` · ${entry.actorName}` : ''}
                {entry.comment ? ` · ${entry.comment}` : ''}
              </span>
            ),
          }))}
        />
      </Card>
    </PageContainer>
  );
}
