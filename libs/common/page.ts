/** One page of a list answer; a pure type file, so the web shares it (`@lib/common/page`). */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
