import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from './auth-user';
import { OrgScope } from './org-scope';
import { Role } from './role';

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  roles: Role[];
  org_unit_id: number;
  org_unit_name: string;
  org_unit_name_en: string | null;
  level: number;
  path: string;
  active: boolean;
}

/** Reads the users table for authentication; user administration lives in libs/org. */
@Injectable()
export class UserDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findByUsername(username: string): Promise<(AuthUser & { active: boolean }) | null> {
    const rows = await this.query('lower(u.username) = lower($1)', username);
    return rows[0] ?? null;
  }

  async findById(id: number): Promise<(AuthUser & { active: boolean }) | null> {
    const rows = await this.query('u.id = $1', id);
    return rows[0] ?? null;
  }

  /** The bcrypt hash to check a login against; read on its own so that no user object ever carries it. */
  async passwordHashOf(id: number): Promise<string | null> {
    const [row] = await this.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [id]);
    return row?.password_hash ?? null;
  }

  async touchLogin(id: number): Promise<void> {
    await this.dataSource.query('UPDATE users SET last_login_at = now() WHERE id = $1', [id]);
  }

  private async query(condition: string, value: unknown) {
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT u.id, u.username, u.display_name, u.roles, u.active,
              u.org_unit_id, o.name AS org_unit_name, o.name_en AS org_unit_name_en, o.level, o.path
         FROM users u JOIN org_units o ON o.id = u.org_unit_id
        WHERE ${condition}`,
      [value],
    );
    return rows.map((row) => ({
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      roles: row.roles,
      orgUnitId: row.org_unit_id,
      orgUnitName: row.org_unit_name,
      orgUnitNameEn: row.org_unit_name_en,
      orgLevel: row.level,
      scope: new OrgScope(row.org_unit_id, row.path),
      active: row.active,
    }));
  }
}
