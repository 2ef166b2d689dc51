import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyMultipartBaseOptions } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

/**
 * File uploads: multipart/form-data streamed to a temporary file, never held in memory and never
 * under the small global body limit (that one guards JSON). Each upload route says how large a
 * file it takes and of which types; the plugin's defaults below cap everything else.
 */

const MiB = 1024 * 1024;

/** Options for registering @fastify/multipart: fields stay in the parts (never attached to the body), and every count is capped. */
export const MULTIPART_DEFAULTS: FastifyMultipartBaseOptions = {
  throwFileSizeLimit: true,
  limits: {
    // A route that takes files passes its own fileSize to receiveFile; this is the ceiling for the rest.
    fileSize: 1 * MiB,
    files: 1,
    fields: 20,
    fieldNameSize: 100,
    fieldSize: 64 * 1024,
    parts: 25,
    headerPairs: 100,
  },
};

/** The one file of an upload, on disk until the handler returns. */
export type ReceivedFile = {
  /** Where the bytes are; removed when the handler passed to receiveFile settles. */
  path: string;
  /** The name the client gave (not a safe path: never use it as one). */
  filename: string;
  /** As the client declared it, lowercased, without parameters. */
  mediaType: string;
  bytes: number;
  /** The form's text fields, by name (the last value of a repeated name). */
  fields: Record<string, string>;
};

export type ReceiveFileOptions = {
  /** The form field that carries the file. Default 'file'. */
  field?: string;
  /** Larger files are refused with 413 and nothing is kept. */
  maxBytes: number;
  /** Accepted media types, e.g. ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']. */
  mediaTypes: readonly string[];
  /** Where temporary files go. Default: the system's temporary directory. */
  tmpDir?: string;
};

const LIMIT_ERRORS: Record<string, string> = {
  FST_FILES_LIMIT: 'send one file only',
  FST_PARTS_LIMIT: 'the form has too many parts',
  FST_FIELDS_LIMIT: 'the form has too many fields',
};

/**
 * Streams the request's one file to a temporary file, hands it to `use`, and removes it afterwards,
 * whatever happens. Refuses with 415 when the request is not multipart or the file's type is not
 * accepted, 413 when the file is larger than `maxBytes` or the form exceeds its limits, 400 naming
 * the field when no file came. A refused or broken upload leaves nothing on disk.
 */
export async function receiveFile<T>(
  request: FastifyRequest,
  options: ReceiveFileOptions,
  use: (file: ReceivedFile) => Promise<T>,
): Promise<T> {
  const field = options.field ?? 'file';
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `${field}: send the file as multipart/form-data`);
  const accepted = new Set(options.mediaTypes.map((t) => t.toLowerCase()));
  const dir = await mkdtemp(join(options.tmpDir ?? tmpdir(), 'veiviser-upload-'));
  try {
    const fields: Record<string, string> = {};
    let file: Omit<ReceivedFile, 'fields'> | null = null;
    try {
      for await (const part of request.parts({ limits: { fileSize: options.maxBytes } })) {
        if (part.type === 'field') {
          if (typeof part.value === 'string') fields[part.fieldname] = part.value;
          continue;
        }
        const mediaType = part.mimetype.split(';')[0]!.trim().toLowerCase();
        if (part.fieldname !== field || file) {
          part.file.resume();
          throw new AppError('INVALID_INPUT', `${part.fieldname}: only one file, in the field ${field}, is expected`, [
            { field: part.fieldname, message: `is not expected; send the file as ${field}` },
          ]);
        }
        if (!accepted.has(mediaType)) {
          part.file.resume();
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', `${field}: ${mediaType} is not accepted (accepted: ${[...accepted].join(', ')})`, [
            { field, message: `must be one of ${[...accepted].join(', ')}` },
          ]);
        }
        const path = join(dir, 'upload');
        let bytes = 0;
        const count = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            bytes += chunk.length;
            done(null, chunk);
          },
        });
        await pipeline(part.file, count, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
        // busboy stops a file at the limit and marks it truncated: the bytes on disk are not the whole file.
        if (part.file.truncated) throw tooLarge(field, options.maxBytes);
        file = { path, filename: part.filename, mediaType, bytes };
      }
    } catch (error) {
      throw uploadError(error, field, options.maxBytes);
    }
    if (!file) throw new AppError('INVALID_INPUT', `${field}: a file is required`, [{ field, message: 'is required: attach a file' }]);
    return await use({ ...file, fields });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function tooLarge(field: string, maxBytes: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `${field}: the file is larger than the limit of ${formatBytes(maxBytes)}`, [
    { field, message: `must be at most ${formatBytes(maxBytes)}` },
  ]);
}

/** The multipart parser's own errors, as ours. */
function uploadError(error: unknown, field: string, maxBytes: number): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(field, maxBytes);
  if (typeof code === 'string' && LIMIT_ERRORS[code]) return new AppError('PAYLOAD_TOO_LARGE', LIMIT_ERRORS[code]);
  return error;
}

function formatBytes(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
