import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { AppMetrics } from '../metrics';
import { assertValidKey, prefixViolation } from '../keys';
import { HttpError, badRequest } from '../http/errors';
import type { ObjectInfo, ObjectStore } from '../storage/object-store';
import { storageErrorCode } from '../storage/storage-errors';

export interface ObjectRoutesDeps {
  readonly store: ObjectStore;
  readonly metrics: AppMetrics;
  readonly maxObjectBytes: number;
  readonly presignMaxSeconds: number;
}

/** `*key` wildcard params arrive as path segments; keys may contain "/". */
function keyParam(req: Request): string {
  const raw: unknown = (req.params as Record<string, unknown>).key;
  const key = Array.isArray(raw) ? raw.join('/') : String(raw ?? '');
  return assertValidKey(key);
}

const quoted = (etag: string) => `"${etag}"`;
const objectPath = (key: string) => `/objects/${key.split('/').map(encodeURIComponent).join('/')}`;

function singleQueryValue(req: Request, name: string): string | undefined {
  const value: unknown = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest('invalid_query', `${name} must be given once, as a plain string`);
  return value;
}

const listQuery = z.object({
  prefix: z
    .string()
    .superRefine((p, ctx) => {
      const reason = prefixViolation(p);
      if (reason) ctx.addIssue({ code: 'custom', message: reason });
    })
    .default(''),
  limit: z
    .string()
    .regex(/^\d+$/, { message: 'limit must be a whole number from 1 to 1000' })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, { message: 'limit must be from 1 to 1000' })
        .max(1000, { message: 'limit must be from 1 to 1000' }),
    )
    .default(100),
  cursor: z.string().min(1).max(4096, { message: 'cursor must be a value returned as nextCursor' }).optional(),
});

function presignBody(maxSeconds: number) {
  return z
    .object({
      method: z.enum(['GET', 'PUT'], { message: 'method must be "GET" or "PUT"' }).default('GET'),
      expiresInSeconds: z
        .number({ message: `expiresInSeconds must be a whole number from 1 to ${maxSeconds}` })
        .int({ message: `expiresInSeconds must be a whole number from 1 to ${maxSeconds}` })
        .min(1, { message: `expiresInSeconds must be from 1 to ${maxSeconds}` })
        .max(maxSeconds, { message: `expiresInSeconds must be from 1 to ${maxSeconds}` })
        .default(Math.min(900, maxSeconds)),
    })
    .strict();
}

function firstIssue(error: z.ZodError, code: string): HttpError {
  const issue = error.issues[0]!;
  const message = issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message;
  return badRequest(code, message);
}

export function objectHandlers(deps: ObjectRoutesDeps): {
  put: RequestHandler;
  get: RequestHandler;
  remove: RequestHandler;
  list: RequestHandler;
  presign: RequestHandler;
} {
  const { store, metrics } = deps;
  const presignSchema = presignBody(deps.presignMaxSeconds);

  const put: RequestHandler = async (req, res) => {
    const key = keyParam(req);
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > deps.maxObjectBytes) {
      throw new HttpError(413, 'object_too_large', `object is larger than the ${deps.maxObjectBytes}-byte limit`);
    }
    const contentType = req.headers['content-type'] ?? 'application/octet-stream';
    const result = await store.put(key, req, {
      contentType,
      maxBytes: deps.maxObjectBytes,
      onBytes: (n) => metrics.bytesReceived.inc(n),
    });
    res.status(201).location(objectPath(key)).json({ key, etag: result.etag, size: result.size });
  };

  const setObjectHeaders = (res: Response, info: ObjectInfo) => {
    // setHeader, not res.set: Express would append a charset to the stored Content-Type.
    res.setHeader('ETag', quoted(info.etag));
    res.setHeader('Last-Modified', info.lastModified.toUTCString());
    res.setHeader('Content-Type', info.contentType);
    res.setHeader('Accept-Ranges', 'bytes');
  };

  const send = async (res: Response, body: Readable) => {
    body.on('data', (chunk: Buffer) => metrics.bytesSent.inc(chunk.length));
    await pipeline(body, res);
  };

  /** Plain GET: one storage call that yields both metadata and body. */
  const getWhole = async (req: Request, res: Response, key: string) => {
    const { info, body } = await store.get(key);
    setObjectHeaders(res, info);
    if (req.fresh) {
      body.destroy();
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Length', String(info.size));
    await send(res, body);
  };

  /** HEAD, and GET with Range: the size is needed first, so stat, then fetch only the range. */
  const getWithStat = async (req: Request, res: Response, key: string) => {
    const info = await store.stat(key);
    setObjectHeaders(res, info);
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    let range: { start: number; end: number } | undefined;
    const ifRange = req.get('If-Range');
    if (req.get('Range') !== undefined && (ifRange === undefined || ifRange === quoted(info.etag))) {
      const parsed = req.range(info.size, { combine: true });
      if (parsed === -1) {
        throw new HttpError(416, 'range_not_satisfiable', `range is outside the object's ${info.size} bytes`, {
          'Content-Range': `bytes */${info.size}`,
        });
      }
      // Malformed, non-byte or multi-range requests get the whole object, as RFC 9110 allows.
      if (Array.isArray(parsed) && parsed.type === 'bytes' && parsed.length === 1) range = parsed[0]!;
    }
    const length = range ? range.end - range.start + 1 : info.size;
    if (range) res.status(206).set('Content-Range', `bytes ${range.start}-${range.end}/${info.size}`);
    res.setHeader('Content-Length', String(length));
    if (req.method === 'HEAD' || length === 0) {
      res.end();
      return;
    }
    await send(res, range ? await store.getRange(key, range) : (await store.get(key)).body);
  };

  const get: RequestHandler = async (req, res) => {
    const key = keyParam(req);
    if (req.method === 'GET' && req.get('Range') === undefined) await getWhole(req, res, key);
    else await getWithStat(req, res, key);
  };

  const remove: RequestHandler = async (req, res) => {
    await store.delete(keyParam(req));
    res.status(204).end();
  };

  const list: RequestHandler = async (req, res) => {
    const parsed = listQuery.safeParse({
      prefix: singleQueryValue(req, 'prefix'),
      limit: singleQueryValue(req, 'limit'),
      cursor: singleQueryValue(req, 'cursor'),
    });
    if (!parsed.success) throw firstIssue(parsed.error, 'invalid_query');
    const { prefix, limit, cursor } = parsed.data;
    try {
      const page = await store.list(prefix, limit, cursor);
      res.json({
        items: page.items.map((o) => ({ ...o, etag: o.etag.replace(/^"|"$/g, '') })),
        nextCursor: page.nextCursor ?? null,
      });
    } catch (err) {
      if (cursor !== undefined && storageErrorCode(err) === 'InvalidArgument') {
        throw badRequest('invalid_cursor', 'cursor must be a value returned as nextCursor by an earlier listing');
      }
      throw err;
    }
  };

  const presign: RequestHandler = async (req, res) => {
    const key = keyParam(req);
    const parsed = presignSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw firstIssue(parsed.error, 'invalid_body');
    const { method, expiresInSeconds } = parsed.data;
    const url = await store.presign(method, key, expiresInSeconds);
    res.json({ key, method, url, expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString() });
  };

  return { put, get, remove, list, presign };
}
