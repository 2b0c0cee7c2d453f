/**
 * The org unit answer and request bodies, shared by the server and the web
 * (`@lib/org/org-unit.view`); pure types, no Nest.
 */
export interface OrgUnitView {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  /** 1 head office, 2 province, 3 city, 4 county/district. */
  level: number;
  parentId: number | null;
  /** Ids from the root down to this unit, e.g. '/1/2/5/'. */
  path: string;
}

/** The body of POST /org-units: a new unit one level below its parent. */
export interface OrgUnitInput {
  code: string;
  name: string;
  nameEn?: string | null;
  parentId: number;
}

/** The body of PATCH /org-units/:id; a new parentId moves the unit with its subtree, a null nameEn clears it. */
export interface OrgUnitChanges {
  code?: string;
  name?: string;
  nameEn?: string | null;
  parentId?: number;
}
