import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { QueueName } from '@lib/queue';
import { createFixtureOrg, createUser, FIXTURE_PASSWORD, resetState } from './support/fixtures';
import { call, login, startApi } from './support/test-app';

describe('Queue board', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startApi();
    const db = await resetState(app);
    const org = await createFixtureOrg(db);
    await createUser(db, 'board.admin', org.province, ['admin']);
    await createUser(db, 'board.analyst', org.province, ['analyst']);
  });

  afterAll(async () => {
    await app.close();
  });

  it('shows the queues to admins', async () => {
    const token = await login(app, 'board.admin', FIXTURE_PASSWORD);
    const page = await call(app, 'GET', '/admin/queues', { token });
    expect(page.status).toBe(200);
    const queues = await call(app, 'GET', '/admin/queues/api/queues', { token });
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(Object.values(QueueName).sort());
  });

  it('is closed to other roles and to visitors who are not logged in', async () => {
    const token = await login(app, 'board.analyst', FIXTURE_PASSWORD);
    expect((await call(app, 'GET', '/admin/queues', { token })).status).toBe(403);
    expect((await call(app, 'GET', '/admin/queues/api/queues')).status).toBe(401);
  });
});
