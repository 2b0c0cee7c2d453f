/**
 * The part of the org tree a user may act in: their home unit and every unit below
 * it. Every tenant-scoped service method takes one as a required argument.
 */
export class OrgScope {
  constructor(
    readonly orgUnitId: number,
    /** Materialised path of the home unit, e.g. '/1/5/'. */
    readonly path: string,
  ) {}

  /** True when the unit with this path lies in the scope. */
  includesPath(path: string): boolean {
    return path.startsWith(this.path);
  }

  /** The LIKE pattern that matches the paths of every unit in the scope. */
  get pathPattern(): string {
    return `${this.path}%`;
  }

  /**
   * SQL condition "column is a unit in scope", with the path pattern as parameter
   * number `param` (`$param`). Example: `c.org_unit_id IN (SELECT id FROM org_units WHERE path LIKE $1)`.
   */
  unitCondition(column: string, param: number): string {
    return `${column} IN (SELECT id FROM org_units WHERE path LIKE $${param})`;
  }
}
