import type { NextFunction, Request, Response } from 'express';
import { APP_ERROR_CODES } from '../contract';
import type { AppMetrics } from '../metrics';
import { classifyStorageError, storageErrorCode } from '../storage/storage-errors';
import { ObjectTooLargeError, UploadSourceError } from '../storage/streaming-upload';
import { HttpError, errorBody, storageUnavailable } from './errors';

const INVALID_NAME_CODES = new Set(['XMinioInvalidObjectName', 'InvalidObjectName', 'KeyTooLongError']);

/** Turns anything thrown into an HttpError; unexpected errors become 500 without leaking details. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof ObjectTooLargeError) return new HttpError(413, 'object_too_large', err.message);
  if (err instanceof UploadSourceError)
    return new HttpError(400, 'unreadable_body', 'the request body could not be read');
  if (typeof err === 'object' && err !== null && 'type' in err && 'status' in err) {
    // Errors raised by Express and body-parser carry a 4xx status and a type.
    const { status, type } = err as { status: unknown; type: unknown };
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = err instanceof Error ? err.message : 'bad request';
      const code =
        type === 'entity.parse.failed'
          ? 'invalid_json'
          : typeof type === 'string'
            ? type.replace(/\W+/g, '_')
            : 'bad_request';
      return new HttpError(status, code, message);
    }
  }
  if (typeof err === 'object' && err !== null && 'status' in err && (err as { status: unknown }).status === 400) {
    return new HttpError(400, 'bad_request', err instanceof Error ? err.message : 'bad request');
  }
  if (INVALID_NAME_CODES.has(storageErrorCode(err) ?? '')) {
    return new HttpError(400, 'invalid_key', 'key is not accepted by the object storage');
  }
  switch (classifyStorageError(err)) {
    case 'unavailable':
      return storageUnavailable();
    case 'not_found':
      return new HttpError(404, 'object_not_found', 'no object with that key');
    default:
      return new HttpError(500, APP_ERROR_CODES.internal, 'internal error');
  }
}

const CLIENT_CLOSED = 'client_closed_request';
const OBJECT_HEADERS = ['Content-Type', 'Content-Length', 'Content-Range', 'ETag', 'Last-Modified', 'Accept-Ranges'];

/** The one error middleware, registered last; pino-http logs the request line, with `err` for 5xx. */
export function errorHandler(metrics: AppMetrics) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    // The client hung up mid-request: nothing failed on our side and nobody is left to answer.
    if ((res.socket === null || res.socket.destroyed) && !res.writableFinished) {
      metrics.httpErrors.inc({ code: CLIENT_CLOSED });
      res.locals.errorCode = CLIENT_CLOSED;
      res.destroy();
      return;
    }
    const httpError = toHttpError(err);
    metrics.httpErrors.inc({ code: httpError.code });
    res.locals.errorCode = httpError.code;
    if (httpError.status >= 500) res.err = err instanceof Error ? err : new Error(String(err));
    if (res.headersSent) {
      // The body was already streaming: the only honest signal left is to cut the connection.
      res.destroy();
      return;
    }
    for (const header of OBJECT_HEADERS) res.removeHeader(header);
    if (httpError.status === 413 || !req.complete) res.setHeader('Connection', 'close');
    res.set(httpError.headers).status(httpError.status).json(errorBody(httpError.code, httpError.message));
  };
}
