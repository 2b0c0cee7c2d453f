import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { createCustomer, createFixtureOrg, createUser, FixtureOrg, resetState, scopeOf } from '../../test/support/fixtures';
import { startApi } from '../../test/support/test-app';
import { OrgUnitService } from './org-unit.service';

describe(OrgUnitService.name, () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let service: OrgUnitService;
  let hqScope: OrgScope;

  const pathsOf = async (ids: number[]): Promise<string[]> => {
    const rows: { id: number; path: string }[] = await db.query('SELECT id, path FROM org_units WHERE id = ANY($1)', [ids]);
    return ids.map((id) => rows.find((row) => row.id === id)!.path);
  };

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    service = app.get(OrgUnitService);
    hqScope = await scopeOf(db, org.hq);
  });

  afterAll(async () => {
    await app.close();
  });

  it('lists only the units of the subtree, parents before children', async () => {
    const units = await service.list(await scopeOf(db, org.cityA));
    expect(units.map((unit) => unit.code)).toEqual(['CITY_A', 'COUNTY_A1', 'COUNTY_A2']);
    expect(units[1]).toEqual({
      id: org.countyA1,
      code: 'COUNTY_A1',
      name: '江宁支公司',
      nameEn: null,
      level: 4,
      parentId: org.cityA,
      path: `/${org.hq}/${org.province}/${org.cityA}/${org.countyA1}/`,
    });
  });

  it('answers 404 for a unit outside the scope', async () => {
    await expect(service.get(await scopeOf(db, org.countyA1), org.countyA2)).rejects.toMatchObject({ status: 404 });
  });

  it('creates a unit one level below its parent, with the path ending in its own id', async () => {
    const unit = await service.create(await scopeOf(db, org.cityB), { code: 'COUNTY_B2', name: '常熟支公司', parentId: org.cityB });
    expect(unit).toMatchObject({ level: 4, parentId: org.cityB, path: `/${org.hq}/${org.province}/${org.cityB}/${unit.id}/` });
  });

  it('refuses a duplicate code with 409, a parent outside the scope with 404 and a unit below a county with 400', async () => {
    const cityScope = await scopeOf(db, org.cityA);
    await expect(service.create(cityScope, { code: 'COUNTY_A2', name: 'x', parentId: org.cityA })).rejects.toMatchObject({
      status: 409,
      code: 'duplicate_code',
      params: { code: 'COUNTY_A2' },
    });
    await expect(service.create(cityScope, { code: 'NEW1', name: 'x', parentId: org.cityB })).rejects.toMatchObject({ status: 404 });
    await expect(service.create(cityScope, { code: 'NEW2', name: 'x', parentId: org.countyA1 })).rejects.toMatchObject({
      status: 400,
      details: [{ field: 'parentId', code: 'unit_below_county' }],
    });
  });

  it('moving a unit rewrites the paths of its whole subtree', async () => {
    const province2 = await service.create(hqScope, { code: 'PROV2', name: '浙江省分公司', parentId: org.hq });
    const moved = await service.update(hqScope, org.cityA, { parentId: province2.id, nameEn: 'Nanjing' });

    const cityPath = `/${org.hq}/${province2.id}/${org.cityA}/`;
    expect(moved).toMatchObject({ parentId: province2.id, path: cityPath, nameEn: 'Nanjing', level: 3 });
    expect(await pathsOf([org.cityA, org.countyA1, org.countyA2])).toEqual([
      cityPath,
      `${cityPath}${org.countyA1}/`,
      `${cityPath}${org.countyA2}/`,
    ]);
    expect((await service.list(await scopeOf(db, org.province))).map((unit) => unit.code)).not.toContain('COUNTY_A1');
    expect((await service.list(await scopeOf(db, province2.id))).map((unit) => unit.code)).toEqual(
      expect.arrayContaining(['CITY_A', 'COUNTY_A1', 'COUNTY_A2']),
    );

    await service.update(hqScope, org.cityA, { parentId: org.province });
    expect(await pathsOf([org.countyA1])).toEqual([`/${org.hq}/${org.province}/${org.cityA}/${org.countyA1}/`]);
  });

  it('keeps every path consistent when moves and creations run at the same time', async () => {
    const province3 = await service.create(hqScope, { code: 'PROV3', name: '安徽省分公司', parentId: org.hq });
    await Promise.all([
      service.update(hqScope, org.cityA, { parentId: province3.id }),
      service.update(hqScope, org.countyB1, { parentId: org.cityA }),
      service.create(hqScope, { code: 'COUNTY_A3', name: '六合支公司', parentId: org.cityA }),
      service.update(hqScope, org.cityB, { parentId: province3.id }),
    ]);
    const [{ stale }] = await db.query(
      `SELECT count(*)::int AS stale FROM org_units c JOIN org_units p ON p.id = c.parent_id WHERE c.path <> p.path || c.id || '/'`,
    );
    expect(stale).toBe(0);

    await service.update(hqScope, org.countyB1, { parentId: org.cityB });
    await service.update(hqScope, org.cityA, { parentId: org.province });
    await service.update(hqScope, org.cityB, { parentId: org.province });
  });

  it('cannot move a unit under itself or a unit below it, and leaves the tree as it was', async () => {
    const before = await service.list(hqScope);
    await expect(service.update(hqScope, org.cityA, { parentId: org.cityA })).rejects.toMatchObject({ status: 400 });
    await expect(service.update(hqScope, org.province, { parentId: org.countyA1 })).rejects.toMatchObject({
      status: 400,
      details: [{ field: 'parentId', code: 'move_under_itself' }],
    });
    expect(await service.list(hqScope)).toEqual(before);
  });

  it('cannot move a unit to a parent that breaks the levels', async () => {
    await expect(service.update(hqScope, org.countyB1, { parentId: org.province })).rejects.toMatchObject({
      status: 400,
      details: [{ field: 'parentId', code: 'wrong_parent_level', params: { level: 4, parentLevel: 3 } }],
    });
  });

  it('does not let a user move or delete their own home unit, but renaming it is fine', async () => {
    const cityScope = await scopeOf(db, org.cityB);
    await expect(service.update(cityScope, org.cityB, { parentId: org.countyB1 })).rejects.toMatchObject({
      status: 400,
      details: [{ field: 'parentId', code: 'move_own_unit' }],
    });
    await expect(service.remove(cityScope, org.cityB)).rejects.toMatchObject({ status: 400 });
    await expect(service.update(cityScope, org.cityB, { name: '苏州市分公司' })).resolves.toMatchObject({ name: '苏州市分公司' });
  });

  it('refuses to recode a unit to a code in use', async () => {
    await expect(service.update(hqScope, org.cityB, { code: 'CITY_A' })).rejects.toMatchObject({ status: 409 });
    await expect(service.update(hqScope, org.cityB, { code: 'CITY_B' })).resolves.toMatchObject({ code: 'CITY_B' });
  });

  it('cannot delete a unit that still has child units, users or customers', async () => {
    await expect(service.remove(hqScope, org.cityA)).rejects.toMatchObject({ status: 409, code: 'unit_in_use' });

    const staffed = await service.create(hqScope, { code: 'STAFFED', name: 'x', parentId: org.cityA });
    await createUser(db, 'staffed.user', staffed.id, ['branch_executor']);
    await expect(service.remove(hqScope, staffed.id)).rejects.toMatchObject({
      status: 409,
      code: 'unit_in_use',
      params: { code: 'STAFFED', children: 0, users: 1, customers: 0, policies: 0 },
    });

    const serving = await service.create(hqScope, { code: 'SERVING', name: 'x', parentId: org.cityA });
    await createCustomer(db, serving.id);
    await expect(service.remove(hqScope, serving.id)).rejects.toMatchObject({ status: 409 });
  });

  it('deletes an empty unit', async () => {
    const empty = await service.create(hqScope, { code: 'EMPTY', name: 'x', parentId: org.cityA });
    await service.remove(hqScope, empty.id);
    await expect(service.get(hqScope, empty.id)).rejects.toMatchObject({ status: 404 });
  });
});
