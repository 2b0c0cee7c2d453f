import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Like, Repository } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { ConflictError, NotFoundError, ValidationError } from '@lib/common';
import { CreateOrgUnitBody, UpdateOrgUnitBody } from './org-unit.dto';
import type { OrgUnitView } from './org-unit.view';
import { OrgUnit } from './org-unit.entity';

/** County/district sub-branches are the leaves of the tree. */
const DEEPEST_LEVEL = 4;

interface Dependants {
  children: number;
  users: number;
  customers: number;
  policies: number;
}

/**
 * The org tree. Every method works within a scope: units outside it answer 404, as
 * if they did not exist.
 */
@Injectable()
export class OrgUnitService {
  constructor(
    @InjectRepository(OrgUnit) private readonly units: Repository<OrgUnit>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Every unit of the subtree, parents before children (path order). */
  async list(scope: OrgScope): Promise<OrgUnitView[]> {
    const units = await this.units.find({ where: { path: Like(scope.pathPattern) }, order: { path: 'ASC' } });
    return units.map(toView);
  }

  async get(scope: OrgScope, id: number): Promise<OrgUnitView> {
    return toView(await this.find(this.units.manager, scope, id));
  }

  async create(scope: OrgScope, body: CreateOrgUnitBody): Promise<OrgUnitView> {
    return this.dataSource.transaction(async (manager) => {
      await lockTree(manager);
      const parent = await this.find(manager, scope, body.parentId);
      if (parent.level >= DEEPEST_LEVEL) {
        throw new ValidationError([{ field: 'parentId', code: 'unit_below_county' }]);
      }
      await this.assertCodeFree(manager, body.code);
      // The path ends with the unit's own id, so the id is drawn from the sequence within the insert.
      const [{ id }] = await manager.query(
        `INSERT INTO org_units (id, code, name, name_en, level, parent_id, path)
         SELECT next.id, $1, $2, $3, $4, $5, $6 || next.id || '/'
           FROM (SELECT nextval('org_units_id_seq')::int AS id) next
         RETURNING id`,
        [body.code, body.name, body.nameEn ?? null, parent.level + 1, parent.id, parent.path],
      );
      return toView(await this.find(manager, scope, id));
    });
  }

  /** Renames, recodes and moves a unit; a move rewrites the paths of its whole subtree in one statement. */
  async update(scope: OrgScope, id: number, changes: UpdateOrgUnitBody): Promise<OrgUnitView> {
    return this.dataSource.transaction(async (manager) => {
      await lockTree(manager);
      const unit = await this.find(manager, scope, id);
      if (changes.code !== undefined && changes.code !== unit.code) await this.assertCodeFree(manager, changes.code);
      const moveTo =
        changes.parentId !== undefined && changes.parentId !== unit.parentId
          ? await this.moveTarget(manager, scope, unit, changes.parentId)
          : null;
      await manager.update(OrgUnit, unit.id, {
        code: changes.code,
        name: changes.name,
        nameEn: changes.nameEn,
        parentId: moveTo?.id,
      });
      if (moveTo) await this.rewritePaths(manager, unit.path, `${moveTo.path}${unit.id}/`);
      return toView(await this.find(manager, scope, unit.id));
    });
  }

  /** Deletes a unit that nothing belongs to any more. */
  async remove(scope: OrgScope, id: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await lockTree(manager);
      const unit = await this.find(manager, scope, id);
      if (unit.id === scope.orgUnitId) {
        throw new ValidationError([{ field: 'id', code: 'delete_own_unit' }]);
      }
      const still = await this.dependants(manager, unit.id);
      if (Object.values(still).some((count) => count > 0)) {
        throw new ConflictError(`Org unit ${unit.code} still has units, users, customers or policies`, 'unit_in_use', { code: unit.code, ...still });
      }
      await manager.delete(OrgUnit, { id: unit.id });
    });
  }

  private async find(manager: EntityManager, scope: OrgScope, id: number): Promise<OrgUnit> {
    const unit = await manager.findOne(OrgUnit, { where: { id, path: Like(scope.pathPattern) } });
    if (!unit) throw new NotFoundError('org_unit', id);
    return unit;
  }

  private async moveTarget(manager: EntityManager, scope: OrgScope, unit: OrgUnit, parentId: number): Promise<OrgUnit> {
    if (unit.id === scope.orgUnitId) {
      throw new ValidationError([{ field: 'parentId', code: 'move_own_unit' }]);
    }
    const parent = await this.find(manager, scope, parentId);
    if (parent.path.startsWith(unit.path)) {
      throw new ValidationError([{ field: 'parentId', code: 'move_under_itself' }]);
    }
    if (parent.level + 1 !== unit.level) {
      throw new ValidationError([{ field: 'parentId', code: 'wrong_parent_level', params: { level: unit.level, parentLevel: unit.level - 1 } }]);
    }
    return parent;
  }

  /** One statement for the whole subtree: every path that starts with the old prefix gets the new one. */
  private async rewritePaths(manager: EntityManager, oldPath: string, newPath: string): Promise<void> {
    await manager.query(
      `UPDATE org_units
          SET path = $2 || substr(path, length($1) + 1), updated_at = now()
        WHERE path LIKE $1 || '%'`,
      [oldPath, newPath],
    );
  }

  private async assertCodeFree(manager: EntityManager, code: string): Promise<void> {
    if (await manager.exists(OrgUnit, { where: { code } })) {
      throw new ConflictError(`The org unit code ${code} is already in use`, 'duplicate_code', { code });
    }
  }

  private async dependants(manager: EntityManager, id: number): Promise<Dependants> {
    const [row] = await manager.query(
      `SELECT (SELECT count(*) FROM org_units WHERE parent_id = $1)::int AS children,
              (SELECT count(*) FROM users WHERE org_unit_id = $1)::int AS users,
              (SELECT count(*) FROM customers WHERE org_unit_id = $1)::int AS customers,
              (SELECT count(*) FROM policies WHERE org_unit_id = $1)::int AS policies`,
      [id],
    );
    return row;
  }
}

/**
 * Changes to the tree run one at a time: a move reads paths and rewrites a whole
 * subtree, and two moves interleaving could otherwise leave stale paths or deadlock.
 * Tree changes are rare admin work, so waiting costs nothing.
 */
async function lockTree(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('org_units tree'))`);
}

function toView(unit: OrgUnit): OrgUnitView {
  return {
    id: unit.id,
    code: unit.code,
    name: unit.name,
    nameEn: unit.nameEn,
    level: unit.level,
    parentId: unit.parentId,
    path: unit.path,
  };
}
