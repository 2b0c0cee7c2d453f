import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { EvaluationFormService, STANDARD_EVALUATION_FORM } from '@lib/evaluation/forms';
import type { FormDefinition } from '@lib/evaluation/form-schema';
import { createCustomer, createFixtureOrg, createProducts, FixtureOrg, resetState } from './support/fixtures';
import { call, loginNewUser, startApi } from './support/test-app';

const NAME = { zh: '营销活动执行评估表', en: 'Campaign execution evaluation' };

/** A small form: two figures, the rule between them, and a rating. */
const FORM: FormDefinition = {
  sections: [
    {
      key: 'results',
      title: { zh: '成果', en: 'Results' },
      fields: [
        { key: 'contacts', type: 'number', label: { zh: '接触数', en: 'Contacts' }, required: true, min: 0, binding: 'contacts' },
        { key: 'conversions', type: 'number', label: { zh: '转化数', en: 'Conversions' }, required: true, min: 0, binding: 'conversions' },
        { key: 'self_rating', type: 'rating', label: { zh: '自评', en: 'Self-rating' }, required: true },
      ],
    },
  ],
  rules: [{ kind: 'compare', left: 'conversions', op: '<=', right: 'contacts' }],
};

describe('Evaluation forms over HTTP', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let designer: string;
  let cityPlanner: string;
  let executor: string;
  let otherProvince: string;
  let reviewer: string;
  let segmentId: number;
  let formId: number;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    for (let i = 0; i < 20; i += 1) await createCustomer(db, org.countyA1);
    const [{ id: zhejiang }] = await db.query(
      `INSERT INTO org_units (code, name, level, parent_id, path) VALUES ('PROV_ZJ', '浙江省分公司', 2, $1::int, '/' || $1::text || '/' || currval('org_units_id_seq') || '/') RETURNING id`,
      [org.hq],
    );
    designer = await loginNewUser(app, 'cm.province', org.province, ['campaign_manager']);
    cityPlanner = await loginNewUser(app, 'cm.nanjing', org.cityA, ['campaign_manager']);
    executor = await loginNewUser(app, 'be.jiangning', org.countyA1, ['branch_executor']);
    otherProvince = await loginNewUser(app, 'cm.zhejiang', zhejiang, ['campaign_manager']);
    reviewer = await loginNewUser(app, 'rv.province', org.province, ['reviewer']);
    const segmentManager = await loginNewUser(app, 'sm.province', org.province, ['segment_manager']);
    const channelManager = await loginNewUser(app, 'ch.province', org.province, ['channel_manager']);
    const rule = { type: 'condition', field: 'do_not_contact', operator: 'is', value: false };
    segmentId = (await call(app, 'POST', '/api/segments', { token: segmentManager, body: { name: '可接触客户', kind: 'dynamic', rule } })).body.id;
    await call(app, 'POST', '/api/budget-pools', { token: reviewer, body: { fiscalYear: 2027, orgUnitId: org.province, amount: '100000.00' } });
    await call(app, 'PUT', `/api/channel-capacities/phone/branches/${org.countyA1}`, { token: channelManager, body: { seats: 4, contactsPerSeat: 50 } });
  });

  afterAll(async () => {
    await app.close();
  });

  /** The draft's revision as a designer reads it (1 when there is no draft to read). */
  const revisionOf = async (id = formId): Promise<number> => {
    const { draftVersion } = (await call(app, 'GET', `/api/evaluation-forms/${id}`, { token: designer })).body;
    return draftVersion === null ? 1 : (await call(app, 'GET', `/api/evaluation-forms/${id}/versions/${draftVersion}`, { token: designer })).body.revision;
  };
  const draftOf = async (definition: unknown, token = designer, id = formId) =>
    call(app, 'PUT', `/api/evaluation-forms/${id}/draft`, { token, body: { definition, revision: await revisionOf(id) } });
  const publish = (token = designer, headers?: Record<string, string>) => call(app, 'POST', `/api/evaluation-forms/${formId}/publish`, { token, headers });

  it('lets a province planner create a form, its first draft listing what keeps it from publishing; not a city planner nor a branch', async () => {
    const created = await call(app, 'POST', '/api/evaluation-forms', { token: designer, body: { code: 'standard_evaluation', name: NAME } });
    expect(created).toMatchObject({ status: 201, body: { code: 'standard_evaluation', name: NAME, version: 1, status: 'draft', definition: { sections: [], rules: [] } } });
    expect(created.body.problems).toEqual([expect.objectContaining({ field: 'definition.sections', code: 'too_few_items', problem: '至少要有 1 项' })]);
    formId = created.body.templateId;

    const fromCity = await call(app, 'POST', '/api/evaluation-forms', { token: cityPlanner, body: { code: 'nanjing_form', name: NAME } });
    expect(fromCity).toMatchObject({ status: 403, body: { code: 'province_wide_only' } });
    const fromBranch = await call(app, 'POST', '/api/evaluation-forms', { token: executor, body: { code: 'branch_form', name: NAME } });
    expect(fromBranch).toMatchObject({ status: 403, body: { code: 'role_required' } });
    expect((await draftOf(FORM, cityPlanner)).status).toBe(403);

    const again = await call(app, 'POST', '/api/evaluation-forms', { token: designer, body: { code: 'standard_evaluation', name: NAME } });
    expect(again).toMatchObject({ status: 409, body: { code: 'evaluation_form_code_taken' } });
    const badCode = await call(app, 'POST', '/api/evaluation-forms', { token: designer, body: { code: 'Bad Code', name: { zh: ' ', en: 'x' } } });
    expect(badCode.body.details.map((d: { field: string; code: string }) => [d.field, d.code])).toEqual([
      ['code', 'template_key_format'],
      ['name.zh', 'blank'],
    ]);
  });

  it('saves an incomplete draft but refuses one without the shape of a form, naming the place', async () => {
    const misshapen = await draftOf({ sections: [{ key: 's', fields: 'none' }], rules: [] });
    expect(misshapen).toMatchObject({ status: 400, body: { details: [expect.objectContaining({ field: 'definition.sections[0].fields', code: 'not_list' })] } });

    const duplicate = { ...FORM, sections: [{ ...FORM.sections[0], fields: [...FORM.sections[0].fields, { ...FORM.sections[0].fields[0] }] }] };
    const saved = await draftOf(duplicate);
    expect(saved).toMatchObject({ status: 200, body: { version: 1, status: 'draft' } });
    expect(saved.body.problems).toEqual([expect.objectContaining({ field: 'definition.sections[0].fields[3].key', code: 'form_key_taken' })]);
  });

  it('refuses to publish a draft with problems, answering 400 naming each field in the reader’s language', async () => {
    const zh = await publish();
    expect(zh).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect(zh.body.details).toEqual([
      { field: 'definition.sections[0].fields[3].key', code: 'form_key_taken', params: { key: 'contacts' }, problem: '键“contacts”已在本表中使用' },
    ]);
    const en = await publish(designer, { 'accept-language': 'en' });
    expect(en.body.details[0].problem).toBe('the key "contacts" is already used in this form');
    await expect(db.query(`SELECT status FROM evaluation_form_versions WHERE template_id = $1`, [formId])).resolves.toEqual([{ status: 'draft' }]);
  });

  it('publishes a draft and freezes it: no draft to save any more, and the database refuses a change', async () => {
    expect((await draftOf(FORM)).body.problems).toEqual([]);
    const published = await publish();
    expect(published).toMatchObject({ status: 200, body: { version: 1, status: 'published', publishedByName: 'cm.province', problems: [] } });
    expect(await draftOf({ sections: [], rules: [] })).toMatchObject({ status: 409, body: { code: 'evaluation_form_no_draft', params: { version: 1 } } });
    expect(await publish()).toMatchObject({ status: 409, body: { code: 'evaluation_form_no_draft' } });
    await expect(db.query(`UPDATE evaluation_form_versions SET definition = '{}' WHERE template_id = $1`, [formId])).rejects.toThrow(/published and cannot change/);
    await expect(db.query(`DELETE FROM evaluation_form_versions WHERE template_id = $1`, [formId])).rejects.toThrow(/published and cannot change/);
  });

  it('shows everyone of the province the published versions, designers also the draft, and another province nothing', async () => {
    const started = await call(app, 'POST', `/api/evaluation-forms/${formId}/draft`, { token: designer });
    expect(started).toMatchObject({ status: 201, body: { version: 2, status: 'draft', definition: FORM } });
    expect(await call(app, 'POST', `/api/evaluation-forms/${formId}/draft`, { token: designer })).toMatchObject({ status: 409, body: { code: 'evaluation_form_draft_open', params: { version: 2 } } });

    const forBranch = await call(app, 'GET', `/api/evaluation-forms/${formId}`, { token: executor });
    expect(forBranch).toMatchObject({ status: 200, body: { publishedVersion: 1, draftVersion: null, editable: false } });
    expect(forBranch.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect((await call(app, 'GET', `/api/evaluation-forms/${formId}/versions/1`, { token: executor })).body.definition).toEqual(FORM);
    expect((await call(app, 'GET', `/api/evaluation-forms/${formId}/versions/2`, { token: executor })).status).toBe(404);
    const forDesigner = await call(app, 'GET', `/api/evaluation-forms/${formId}`, { token: designer });
    expect(forDesigner.body).toMatchObject({ publishedVersion: 1, draftVersion: 2, editable: true });
    expect((await call(app, 'GET', '/api/evaluation-forms?published=true', { token: cityPlanner })).body.items).toEqual([
      expect.objectContaining({ code: 'standard_evaluation', publishedVersion: 1, editable: false }),
    ]);

    expect((await call(app, 'GET', '/api/evaluation-forms', { token: otherProvince })).body.items).toEqual([]);
    expect((await call(app, 'GET', `/api/evaluation-forms/${formId}`, { token: otherProvince })).status).toBe(404);
    expect((await call(app, 'GET', `/api/evaluation-forms/${formId}/versions/1`, { token: otherProvince })).status).toBe(404);
    expect((await draftOf(FORM, otherProvince)).status).toBe(404);
    expect((await publish(otherProvince)).status).toBe(404);
  });

  /** A campaign calling Jiangning's customers in June 2027, naming an evaluation form. */
  const createCampaign = async (evaluationFormRef: string | null): Promise<number> => {
    const body = {
      name: '江宁客户家财险推荐', objective: 'cross_sell', startDate: '2027-06-07', endDate: '2027-06-11', includeSegmentIds: [segmentId],
      controlSharePct: 10, budget: '5000.00', branchIds: [org.countyA1], evaluationFormRef,
      steps: [{ channel: 'phone', templateRef: 'cross_sell', costPerContact: '10.00', dailyCapacity: 10 }],
    };
    const created = await call(app, 'POST', '/api/campaigns', { token: designer, body });
    expect(created.status).toBe(201);
    return created.body.id;
  };
  const move = (id: number, name: 'submit' | 'approve', token: string) => call(app, 'POST', `/api/campaigns/${id}/moves/${name}`, { token, body: {} });

  it('refuses to submit a plan naming a form that does not exist or has no published version', async () => {
    const unknown = await move(await createCampaign('no_such_form'), 'submit', designer);
    expect(unknown).toMatchObject({ status: 400, body: { code: 'campaign_plan_incomplete' } });
    expect(unknown.body.details).toContainEqual(expect.objectContaining({ field: 'evaluationFormRef', code: 'evaluation_form_ref_unknown', params: { ref: 'no_such_form' } }));

    await call(app, 'POST', '/api/evaluation-forms', { token: designer, body: { code: 'draft_only', name: NAME, definition: FORM } });
    const unpublished = await move(await createCampaign('draft_only'), 'submit', designer);
    expect(unpublished.body.details).toContainEqual(expect.objectContaining({ field: 'evaluationFormRef', code: 'evaluation_form_not_published' }));
  });

  it('pins the version in force when the plan is approved; a version published later does not change it', async () => {
    const first = await createCampaign('standard_evaluation');
    expect((await move(first, 'submit', designer)).status).toBe(200);
    expect((await move(first, 'approve', reviewer)).status).toBe(200);
    const forms = app.get(EvaluationFormService);
    expect(await forms.pinnedVersion(first)).toMatchObject({ campaignId: first, code: 'standard_evaluation', version: 1, definition: FORM });

    const changed = { ...FORM, sections: [{ ...FORM.sections[0], fields: FORM.sections[0].fields.slice(0, 2) }] };
    expect((await draftOf(changed)).status).toBe(200);
    expect((await publish()).body).toMatchObject({ version: 2, status: 'published' });
    expect(await forms.pinnedVersion(first)).toMatchObject({ version: 1, definition: FORM });

    const second = await createCampaign('standard_evaluation');
    await move(second, 'submit', designer);
    await move(second, 'approve', reviewer);
    expect(await forms.pinnedVersion(second)).toMatchObject({ version: 2, definition: changed });
    const versions = (await call(app, 'GET', `/api/evaluation-forms/${formId}`, { token: designer })).body.versions;
    expect(versions.map((v: { version: number; campaigns: number }) => [v.version, v.campaigns])).toEqual([[2, 1], [1, 1]]);
    expect(await forms.pinnedVersion(await createCampaign('standard_evaluation'))).toBeNull();
  });

  it('lets a designer make a published form the default, one at a time; not a branch, nor a form without a published version', async () => {
    expect(await call(app, 'PUT', `/api/evaluation-forms/${formId}/default`, { token: executor })).toMatchObject({ status: 403 });
    const draftOnly = (await call(app, 'GET', '/api/evaluation-forms', { token: designer })).body.items.find((f: { code: string }) => f.code === 'draft_only');
    expect(await call(app, 'PUT', `/api/evaluation-forms/${draftOnly.id}/default`, { token: designer })).toMatchObject({
      status: 409, body: { code: 'evaluation_form_not_published', params: { ref: 'draft_only' } },
    });
    expect(await call(app, 'PUT', `/api/evaluation-forms/${formId}/default`, { token: otherProvince })).toMatchObject({ status: 404 });

    expect(await call(app, 'PUT', `/api/evaluation-forms/${formId}/default`, { token: designer })).toMatchObject({ status: 200, body: { isDefault: true } });
    await call(app, 'POST', '/api/evaluation-forms', { token: designer, body: { code: 'short_review', name: { zh: '简要评估', en: 'Short review' }, definition: FORM } });
    const shortId = (await call(app, 'GET', '/api/evaluation-forms', { token: designer })).body.items.find((f: { code: string }) => f.code === 'short_review').id;
    expect((await call(app, 'POST', `/api/evaluation-forms/${shortId}/publish`, { token: designer })).status).toBe(200);
    expect((await call(app, 'PUT', `/api/evaluation-forms/${shortId}/default`, { token: designer })).body.isDefault).toBe(true);
    const listed = (await call(app, 'GET', '/api/evaluation-forms?published=true', { token: cityPlanner })).body.items;
    expect(listed.map((f: { code: string; isDefault: boolean }) => [f.code, f.isDefault])).toEqual([['short_review', true], ['standard_evaluation', false]]);

    expect((await call(app, 'DELETE', `/api/evaluation-forms/${shortId}/default`, { token: designer })).body.isDefault).toBe(false);
    await expect(db.query(`SELECT count(*)::int AS n FROM evaluation_form_templates WHERE is_default`)).resolves.toEqual([{ n: 0 }]);
    await expect(db.query(`UPDATE evaluation_form_templates SET is_default = true`)).rejects.toThrow(/evaluation_form_templates_one_default/);
  });

  it('pins a plan naming no form to the default form at approval; a default chosen later does not change it', async () => {
    const forms = app.get(EvaluationFormService);
    const withoutDefault = await createCampaign(null);
    await move(withoutDefault, 'submit', designer);
    expect((await move(withoutDefault, 'approve', reviewer)).status).toBe(200);
    expect(await forms.pinnedVersion(withoutDefault)).toBeNull();

    expect((await call(app, 'PUT', `/api/evaluation-forms/${formId}/default`, { token: designer })).status).toBe(200);
    const plain = await createCampaign(null);
    expect((await move(plain, 'submit', designer)).status).toBe(200);
    expect((await move(plain, 'approve', reviewer)).status).toBe(200);
    expect(await forms.pinnedVersion(plain)).toMatchObject({ campaignId: plain, code: 'standard_evaluation', version: 2 });

    const shortId = (await call(app, 'GET', '/api/evaluation-forms', { token: designer })).body.items.find((f: { code: string }) => f.code === 'short_review').id;
    expect((await call(app, 'PUT', `/api/evaluation-forms/${shortId}/default`, { token: designer })).status).toBe(200);
    expect(await forms.pinnedVersion(plain)).toMatchObject({ code: 'standard_evaluation', version: 2 });
    const later = await createCampaign(null);
    await move(later, 'submit', designer);
    await move(later, 'approve', reviewer);
    expect(await forms.pinnedVersion(later)).toMatchObject({ code: 'short_review', version: 1 });
  });

  it('refuses a designer’s save over one another designer made since, naming the revision in the reader’s language', async () => {
    const colleague = await loginNewUser(app, 'cm.province.2', org.province, ['campaign_manager']);
    const draft = await call(app, 'POST', `/api/evaluation-forms/${formId}/draft`, { token: designer });
    expect(draft).toMatchObject({ status: 201, body: { version: 3, status: 'draft', revision: 1 } });
    const read = (await call(app, 'GET', `/api/evaluation-forms/${formId}/versions/3`, { token: colleague })).body;
    expect(read.revision).toBe(1);

    const first = await call(app, 'PUT', `/api/evaluation-forms/${formId}/draft`, { token: designer, body: { definition: FORM, revision: 1 } });
    expect(first).toMatchObject({ status: 200, body: { version: 3, revision: 2 } });
    const stale = await call(app, 'PUT', `/api/evaluation-forms/${formId}/draft`, { token: colleague, body: { definition: { sections: [], rules: [] }, revision: read.revision } });
    expect(stale).toMatchObject({ status: 409, body: { code: 'evaluation_form_draft_changed', params: { version: 3, revision: 2 } } });
    expect(stale.body.details).toEqual([
      { field: 'revision', code: 'evaluation_form_draft_changed', params: { version: 3, revision: 2 }, problem: '第 3 版草稿在您打开后已被他人修改（现为第 2 次保存），请重新加载后再修改' },
    ]);
    const staleEn = await call(app, 'PUT', `/api/evaluation-forms/${formId}/draft`, {
      token: colleague, body: { definition: { sections: [], rules: [] }, revision: 1 }, headers: { 'accept-language': 'en' },
    });
    expect(staleEn.body.details[0].problem).toBe('Someone else changed the draft of version 3 since you opened it (it is at save 2); reload it and make your changes again');
    expect((await call(app, 'GET', `/api/evaluation-forms/${formId}/versions/3`, { token: colleague })).body).toMatchObject({ revision: 2, definition: FORM });

    const missing = await call(app, 'PUT', `/api/evaluation-forms/${formId}/draft`, { token: colleague, body: { definition: FORM } });
    expect(missing).toMatchObject({ status: 400 });
    expect(missing.body.details).toContainEqual(expect.objectContaining({ field: 'revision' }));
    const reloaded = await call(app, 'PUT', `/api/evaluation-forms/${formId}/draft`, { token: colleague, body: { definition: FORM, revision: 2 } });
    expect(reloaded).toMatchObject({ status: 200, body: { revision: 3 } });
  });

  it('previews an unsaved definition: its problems and those of answers typed into it', async () => {
    const answers = { contacts: '10', conversions: '12', self_rating: '6' };
    const preview = await call(app, 'POST', '/api/evaluation-forms/preview', { token: executor, body: { definition: FORM, answers, stage: 'submit' }, headers: { 'accept-language': 'en' } });
    expect(preview).toMatchObject({ status: 200, body: { definitionProblems: [] } });
    expect(preview.body.answerProblems).toEqual([
      { field: 'answers.self_rating', code: 'not_whole_number_in_range', params: { min: 1, max: 5 }, problem: 'must be a whole number from 1 to 5' },
      { field: 'answers.conversions', code: 'form_must_not_exceed', params: { other: { zh: '接触数（10）', en: 'Contacts (10)' } }, problem: 'must not be greater than Contacts (10)' },
    ]);
    const standard = await call(app, 'POST', '/api/evaluation-forms/preview', { token: executor, body: { definition: STANDARD_EVALUATION_FORM } });
    expect(standard.body).toEqual({ definitionProblems: [], answerProblems: [] });
  });
});
