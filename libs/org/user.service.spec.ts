import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { OrgScope, Role } from '@lib/auth';
import { createFixtureOrg, createUser, FixtureOrg, resetState, scopeOf } from '../../test/support/fixtures';
import { login, startApi } from '../../test/support/test-app';
import { CreateUserBody, UserListQuery } from './user.dto';
import { UserService } from './user.service';

const VALID_USER = { username: 'wang.li', displayName: '王丽', password: 'Secret123', roles: [Role.BranchExecutor] };

async function problemsOf(body: object): Promise<string[]> {
  const errors = await validate(plainToInstance(CreateUserBody, body));
  return errors.map((error) => error.property);
}

function listQuery(values: Partial<UserListQuery> = {}): UserListQuery {
  return Object.assign(new UserListQuery(), values);
}

describe(UserService.name, () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let service: UserService;
  let provinceScope: OrgScope;
  let cityAScope: OrgScope;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    service = app.get(UserService);
    provinceScope = await scopeOf(db, org.province);
    cityAScope = await scopeOf(db, org.cityA);
  });

  afterAll(async () => {
    await app.close();
  });

  it('creates a user who can log in with the password, and never shows the hash', async () => {
    const user = await service.create(cityAScope, { ...VALID_USER, orgUnitId: org.countyA1 });
    expect(user).toEqual({
      id: expect.any(Number),
      username: 'wang.li',
      displayName: '王丽',
      roles: [Role.BranchExecutor],
      orgUnitId: org.countyA1,
      orgUnitName: '江宁支公司',
      orgUnitNameEn: null,
      active: true,
      lastLoginAt: null,
      createdAt: expect.any(Date),
    });
    const [{ password_hash }] = await db.query('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    expect(password_hash).toMatch(/^\$2[aby]\$/);
    await expect(login(app, 'wang.li', 'Secret123')).resolves.toEqual(expect.any(String));
    expect(JSON.stringify(await service.get(cityAScope, user.id))).not.toContain(password_hash);
  });

  it('refuses a user name that is taken, in any case, with 409', async () => {
    await expect(service.create(cityAScope, { ...VALID_USER, username: 'WANG.LI', orgUnitId: org.cityA })).rejects.toMatchObject({
      status: 409,
      code: 'duplicate_username',
      params: { username: 'WANG.LI' },
    });
  });

  it('lets only one of two parallel creations with the same name in different case through', async () => {
    const results = await Promise.allSettled([
      service.create(cityAScope, { ...VALID_USER, username: 'Zhao.Min', orgUnitId: org.cityA }),
      service.create(cityAScope, { ...VALID_USER, username: 'zhao.min', orgUnitId: org.cityA }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: { status: 409 } });
    await db.query(`DELETE FROM users WHERE lower(username) = 'zhao.min'`);
  });

  it('answers 404 when a city admin names a unit of another city (units outside the scope do not exist for them)', async () => {
    await expect(service.create(cityAScope, { ...VALID_USER, username: 'other.city', orgUnitId: org.countyB1 })).rejects.toMatchObject({
      status: 404,
    });
    await expect(service.create(provinceScope, { ...VALID_USER, username: 'other.city', orgUnitId: org.countyB1 })).resolves.toMatchObject({
      orgUnitId: org.countyB1,
    });
  });

  it('answers 404 for users outside the scope, on reading and on changing', async () => {
    const outsider = await createUser(db, 'b.outsider', org.cityB, ['analyst']);
    await expect(service.get(cityAScope, outsider)).rejects.toMatchObject({ status: 404 });
    await expect(service.update(cityAScope, 0, outsider, { displayName: 'x' })).rejects.toMatchObject({ status: 404 });
  });

  it('asks for a password of at least 8 characters that mixes letters and digits', async () => {
    const body = { ...VALID_USER, orgUnitId: 1 };
    await expect(problemsOf(body)).resolves.toEqual([]);
    await expect(problemsOf({ ...body, password: 'Abc123' })).resolves.toEqual(['password']);
    await expect(problemsOf({ ...body, password: 'abcdefghij' })).resolves.toEqual(['password']);
    await expect(problemsOf({ ...body, password: '1234567890' })).resolves.toEqual(['password']);
  });

  it('asks for a user name of 3 to 50 letters, digits, dots, dashes or underscores, and valid unique roles', async () => {
    const body = { ...VALID_USER, orgUnitId: 1 };
    await expect(problemsOf({ ...body, username: 'ab' })).resolves.toEqual(['username']);
    await expect(problemsOf({ ...body, username: 'a'.repeat(51) })).resolves.toEqual(['username']);
    await expect(problemsOf({ ...body, username: 'wang li' })).resolves.toEqual(['username']);
    await expect(problemsOf({ ...body, roles: [] })).resolves.toEqual(['roles']);
    await expect(problemsOf({ ...body, roles: ['analyst', 'analyst'] })).resolves.toEqual(['roles']);
    await expect(problemsOf({ ...body, roles: ['superuser'] })).resolves.toEqual(['roles']);
  });

  it('lists the users of the subtree with search, filters and paging', async () => {
    await createUser(db, 'a2.analyst', org.countyA2, ['analyst']);
    const inactive = await createUser(db, 'a2.retired', org.countyA2, ['analyst']);
    await db.query('UPDATE users SET active = false WHERE id = $1', [inactive]);

    const all = await service.list(cityAScope, listQuery());
    expect(all.items.map((user) => user.username)).toEqual(['a2.analyst', 'a2.retired', 'wang.li']);
    expect(all.total).toBe(3);

    const search = await service.list(cityAScope, listQuery({ q: 'WANG' }));
    expect(search.items.map((user) => user.username)).toEqual(['wang.li']);
    const byDisplayName = await service.list(cityAScope, listQuery({ q: '王' }));
    expect(byDisplayName.items.map((user) => user.username)).toEqual(['wang.li']);
    const literal = await service.list(cityAScope, listQuery({ q: '%' }));
    expect(literal.total).toBe(0);

    const analysts = await service.list(cityAScope, listQuery({ role: Role.Analyst, active: true }));
    expect(analysts.items.map((user) => user.username)).toEqual(['a2.analyst']);
    const ofUnit = await service.list(provinceScope, listQuery({ orgUnitId: org.cityA }));
    expect(ofUnit.items.map((user) => user.username)).toEqual(['a2.analyst', 'a2.retired', 'wang.li']);

    const secondPage = await service.list(cityAScope, listQuery({ page: 2, pageSize: 2 }));
    expect(secondPage).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(secondPage.items.map((user) => user.username)).toEqual(['wang.li']);
  });

  it('changes name, unit, roles and password', async () => {
    const id = await createUser(db, 'to.change', org.countyA1, ['analyst']);
    const changed = await service.update(cityAScope, 0, id, {
      displayName: '张伟',
      orgUnitId: org.countyA2,
      roles: [Role.Reviewer, Role.Analyst],
      password: 'NewPass99',
    });
    expect(changed).toMatchObject({ displayName: '张伟', orgUnitId: org.countyA2, roles: [Role.Reviewer, Role.Analyst] });
    await expect(login(app, 'to.change', 'NewPass99')).resolves.toEqual(expect.any(String));
    await expect(service.update(cityAScope, 0, id, { orgUnitId: org.cityB })).rejects.toMatchObject({ status: 404 });
  });

  it('does not let an admin deactivate themself or drop their own admin role', async () => {
    const admin = await createUser(db, 'a.admin', org.cityA, ['admin', 'analyst']);
    await expect(service.update(cityAScope, admin, admin, { active: false })).rejects.toMatchObject({
      status: 400,
      details: [{ field: 'active', code: 'deactivate_self' }],
    });
    await expect(service.update(cityAScope, admin, admin, { roles: [Role.Analyst] })).rejects.toMatchObject({
      status: 400,
      details: [{ field: 'roles', code: 'remove_own_admin' }],
    });
    await expect(service.update(cityAScope, admin, admin, { roles: [Role.Admin] })).resolves.toMatchObject({ roles: [Role.Admin] });
  });
});
