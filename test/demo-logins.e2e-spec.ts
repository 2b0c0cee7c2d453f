import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Role } from '@lib/auth';
import { DEFAULT_DEMO_SEED, DEMO_LOGINS, DEMO_PASSWORD, todayIsoDate } from '@lib/demo';
import type { ReportSummary } from '@lib/evaluation/reports';
import { seedDemo } from '../scripts/demo-seeding';
import { resetState } from './support/fixtures';
import { call, login, startApi } from './support/test-app';

const DAY_MS = 86_400_000;

/**
 * The demo as `npm start` loads it (on fewer customers), seen by each demo login that
 * `npm start` prints: a branch executor finds a report to fill, a reviewer or a
 * campaign manager reports to review.
 */
describe('What the printed demo logins find in the evaluation reports', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startApi();
    await resetState(app);
    await seedDemo(app, { customers: 3000, seed: DEFAULT_DEMO_SEED }, () => undefined);
  }, 300_000);

  afterAll(async () => {
    await app.close();
  });

  const reports = async (username: string, query = ''): Promise<ReportSummary[]> => {
    const token = await login(app, username, DEMO_PASSWORD);
    const answer = await call(app, 'GET', `/api/evaluation-reports${query}`, { token });
    expect(answer.status).toBe(200);
    return answer.body;
  };

  it('gives every branch executor a report to fill: a draft due within days, or a returned one', async () => {
    const today = todayIsoDate();
    const soon = new Date(Date.parse(`${today}T00:00:00Z`) + 14 * DAY_MS).toISOString().slice(0, 10);
    const toFill: Record<string, number> = {};
    for (const { username } of DEMO_LOGINS.filter((each) => each.role === Role.BranchExecutor)) {
      const own = (await reports(username)).filter((report) => report.mayFill);
      toFill[username] = own.filter((report) => report.status === 'returned' || (report.dueDate >= today && report.dueDate <= soon)).length;
    }
    expect(Object.keys(toFill).sort()).toEqual(['exec.jiangning', 'exec.nanjing', 'exec.pukou', 'exec.suzhou']);
    for (const [username, count] of Object.entries(toFill)) expect([username, count >= 1]).toEqual([username, true]);
    // The returned report of the May Day campaign is 无锡's, whose executor docs/demo-data.md names.
    expect((await reports('exec.js02')).filter((report) => report.status === 'returned')).toHaveLength(1);
  });

  it('gives every reviewer and campaign manager reports to review', async () => {
    const toReview: Record<string, number> = {};
    for (const { username } of DEMO_LOGINS.filter((each) => each.role === Role.Reviewer || each.role === Role.CampaignManager)) {
      toReview[username] = (await reports(username, '?toReview=true')).filter((report) => report.mayReview).length;
    }
    expect(Object.keys(toReview).sort()).toEqual(['cm.nanjing', 'cm.province', 'reviewer.hq', 'reviewer.nanjing', 'reviewer.province']);
    for (const [username, count] of Object.entries(toReview)) expect([username, count >= 1]).toEqual([username, true]);
  });
});
