/**
 * The answers of bulk imports, shared by the server and the web
 * (`@lib/imports/import.view`); pure types, no Nest. The server's enums (ImportKind,
 * ImportMode, ImportLanguage, ImportStatus) live beside code the web cannot load, so
 * their values are spelled here: a new enum value fails the server's build until it
 * is listed here too.
 */
export type ImportKindName = 'customers' | 'policies' | 'claims';
/** all_or_nothing: one bad row and nothing is written; good_rows: write the good rows, report the rest. */
export type ImportModeName = 'all_or_nothing' | 'good_rows';
export type ImportLanguageName = 'zh' | 'en';
/** rejected: the file was refused (a bad header, or bad rows in all_or_nothing mode). */
export type ImportStatusName = 'queued' | 'running' | 'succeeded' | 'rejected' | 'failed';
/** The encoding a file was read in: UTF-8, or GB18030 (GBK), as Excel on Chinese Windows saves CSV. */
export type ImportEncodingName = 'utf-8' | 'gb18030';

export interface ImportView {
  /** A UUID. */
  id: string;
  kind: ImportKindName;
  mode: ImportModeName;
  /** The language of the rejected rows' reasons and the outcome message: the uploader's UI at upload. */
  language: ImportLanguageName;
  status: ImportStatusName;
  fileName: string;
  fileSize: number;
  /** The encoding the file was read in (GB18030 is converted to UTF-8); null until it is known. */
  encoding: ImportEncodingName | null;
  /** How many times the uploader ran the import again after it failed. */
  reruns: number;
  rowsRead: number;
  rowsValid: number;
  rowsRejected: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  error: string | null;
  createdBy: number;
  orgUnitId: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface ImportRejectionView {
  /** Line of the file (line 1 is the header). */
  lineNo: number;
  reason: string;
  raw: string | null;
}

/** The query of POST /imports (the file is the multipart field `file`). */
export interface ImportUploadQuery {
  kind: ImportKindName;
  mode?: ImportModeName;
  language?: ImportLanguageName;
}
