import type { MultipartFile } from '@fastify/multipart';
import { FastifyRequest } from 'fastify';
import { DomainError, ErrorCode, textProblem, ValidationError } from '@lib/common';

/** busboy's errors carry no code; these are its messages for a body that is not the multipart it claims to be. */
const NO_BOUNDARY = /^Multipart: Boundary not found$/;
const ENDS_EARLY = /unexpected end of multipart data/i;

/** RFC 2046: a boundary is 1 to 70 characters. busboy takes an empty one and then splits the body at every "--". */
const BOUNDARY_PARAM = /;\s*boundary=(?:"([^"]*)"|([^;\s]*))/i;

function hasUsableBoundary(contentType: string | undefined): boolean {
  const match = BOUNDARY_PARAM.exec(contentType ?? '');
  const boundary = match ? (match[1] ?? match[2]) : '';
  return boundary.length >= 1 && boundary.length <= 70;
}

function malformed(field: string, code: ErrorCode): DomainError {
  return new DomainError('malformed_upload', 'The upload is not a complete multipart/form-data request', 400, [{ field, code, params: {} }]);
}

/**
 * The one file part of a multipart/form-data upload, as the field `field`. A missing
 * or unusable boundary, a body without a part of that boundary, a missing part and a
 * file name the string rule refuses are 400s naming the field.
 */
export async function receiveFile(req: FastifyRequest, field: string): Promise<MultipartFile> {
  if (req.isMultipart() && !hasUsableBoundary(req.headers['content-type'])) throw malformed(field, 'upload_without_boundary');
  let part: MultipartFile | undefined;
  try {
    part = req.isMultipart() ? await req.file() : undefined;
  } catch (err) {
    if (NO_BOUNDARY.test(err?.message)) throw malformed(field, 'upload_without_boundary');
    // Before the first part, an early end means no line of the body started with the declared boundary.
    if (ENDS_EARLY.test(err?.message)) throw malformed(field, 'upload_boundary_mismatch');
    throw err;
  }
  if (!part || part.fieldname !== field) throw new ValidationError([{ field, code: 'file_part_missing', params: { field } }]);
  const nameProblem = textProblem(part.filename);
  if (nameProblem) throw new ValidationError([{ field, code: nameProblem, params: {} }]);
  return part;
}

/** What an error met while reading a received file's content means for the uploader; undefined when it is ours. */
export function uploadError(err: unknown, field: string): DomainError | undefined {
  const failure = err as { code?: string; message?: string } | undefined;
  if (failure?.code === 'FST_REQ_FILE_TOO_LARGE') return new DomainError('file_too_large', 'The file is larger than the upload limit', 413);
  if (ENDS_EARLY.test(failure?.message ?? '')) return malformed(field, 'upload_truncated');
  return undefined;
}
