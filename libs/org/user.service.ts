import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Like, Repository } from 'typeorm';
import { hashPassword, OrgScope, Role, SessionStore } from '@lib/auth';
import { ConflictError, NotFoundError, Page, ValidationError } from '@lib/common';
import { OrgUnit } from './org-unit.entity';
import { CreateUserBody, UpdateUserBody, UserListQuery } from './user.dto';
import { User } from './user.entity';
import type { UserView } from './user.view';

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  roles: Role[];
  org_unit_id: number;
  org_unit_name: string;
  org_unit_name_en: string | null;
  active: boolean;
  last_login_at: Date | null;
  created_at: Date;
}

const VIEW_COLUMNS = `u.id, u.username, u.display_name, u.roles, u.org_unit_id, o.name AS org_unit_name, o.name_en AS org_unit_name_en,
                      u.active, u.last_login_at, u.created_at`;

/**
 * User administration within a scope: users whose home unit lies outside it answer
 * 404, and so do units outside it named as a home unit.
 */
@Injectable()
export class UserService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionStore,
  ) {}

  async list(scope: OrgScope, query: UserListQuery): Promise<Page<UserView>> {
    const conditions = ['o.path LIKE $1'];
    const params: unknown[] = [scope.pathPattern];
    const bind = (value: unknown) => `$${params.push(value)}`;
    if (query.q) {
      const pattern = bind(`%${escapeLike(query.q)}%`);
      conditions.push(`(u.username ILIKE ${pattern} OR u.display_name ILIKE ${pattern})`);
    }
    if (query.orgUnitId !== undefined) {
      conditions.push(`o.path LIKE (SELECT path FROM org_units WHERE id = ${bind(query.orgUnitId)}) || '%'`);
    }
    if (query.role) conditions.push(`${bind(query.role)} = ANY(u.roles)`);
    if (query.active !== undefined) conditions.push(`u.active = ${bind(query.active)}`);

    const from = `FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE ${conditions.join(' AND ')}`;
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total ${from}`, params);
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT ${VIEW_COLUMNS} ${from} ORDER BY lower(u.username)
        LIMIT ${bind(query.pageSize)} OFFSET ${bind((query.page - 1) * query.pageSize)}`,
      params,
    );
    return { items: rows.map(toView), total, page: query.page, pageSize: query.pageSize };
  }

  async get(scope: OrgScope, id: number): Promise<UserView> {
    const [row]: UserRow[] = await this.dataSource.query(
      `SELECT ${VIEW_COLUMNS} FROM users u JOIN org_units o ON o.id = u.org_unit_id
        WHERE u.id = $1 AND o.path LIKE $2`,
      [id, scope.pathPattern],
    );
    if (!row) throw new NotFoundError('user', id);
    return toView(row);
  }

  async create(scope: OrgScope, body: CreateUserBody): Promise<UserView> {
    await this.assertUnitInScope(scope, body.orgUnitId);
    const passwordHash = await hashPassword(body.password);
    const id = await this.dataSource.transaction(async (manager) => {
      // The unique index is case-sensitive; this lock makes the any-case check safe against a parallel create.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('username:' || lower($1)))`, [body.username]);
      const [taken] = await manager.query('SELECT 1 FROM users WHERE lower(username) = lower($1)', [body.username]);
      if (taken) throw new ConflictError(`The user name ${body.username} is already taken`, 'duplicate_username', { username: body.username });
      const user = await manager.save(
        manager.create(User, {
          username: body.username,
          displayName: body.displayName,
          passwordHash,
          orgUnitId: body.orgUnitId,
          roles: body.roles,
        }),
      );
      return user.id;
    });
    return this.get(scope, id);
  }

  /**
   * Changes a user. A deactivated user is locked out at once: the auth guard checks
   * `active` on every request, and their sessions are ended so that reactivating
   * them does not revive old ones. A new password ends the user's sessions, whoever
   * set it, so that one who knew the old password is logged out; only
   * `actorSession`, the session the change is made from, stays.
   */
  async update(
    scope: OrgScope,
    actorId: number,
    id: number,
    changes: UpdateUserBody,
    actorSession: string | null = null,
  ): Promise<UserView> {
    const current = await this.get(scope, id);
    if (id === actorId) assertKeepsOwnAccess(current, changes);
    if (changes.orgUnitId !== undefined) await this.assertUnitInScope(scope, changes.orgUnitId);
    await this.users.update(id, {
      displayName: changes.displayName,
      orgUnitId: changes.orgUnitId,
      roles: changes.roles,
      active: changes.active,
      passwordHash: changes.password === undefined ? undefined : await hashPassword(changes.password),
    });
    if (changes.password !== undefined || changes.active === false) await this.sessions.destroyAllOf(id, actorSession);
    return this.get(scope, id);
  }

  private async assertUnitInScope(scope: OrgScope, orgUnitId: number): Promise<void> {
    if (!(await this.dataSource.getRepository(OrgUnit).exists({ where: { id: orgUnitId, path: Like(scope.pathPattern) } }))) {
      throw new NotFoundError('org_unit', orgUnitId);
    }
  }
}

/** An admin may not lock themself out: the last admin of a branch could otherwise leave it without one. */
function assertKeepsOwnAccess(current: UserView, changes: UpdateUserBody): void {
  if (changes.active === false) {
    throw new ValidationError([{ field: 'active', code: 'deactivate_self' }], 'You cannot deactivate yourself', 'deactivate_self');
  }
  if (changes.roles && current.roles.includes(Role.Admin) && !changes.roles.includes(Role.Admin)) {
    throw new ValidationError([{ field: 'roles', code: 'remove_own_admin' }], 'You cannot remove your own admin role', 'remove_own_admin');
  }
}

/** A search text matches literally: % and _ are not wildcards for the user. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function toView(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    orgUnitId: row.org_unit_id,
    orgUnitName: row.org_unit_name,
    orgUnitNameEn: row.org_unit_name_en,
    active: row.active,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
  };
}
