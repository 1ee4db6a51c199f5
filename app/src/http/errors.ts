/** An error with an HTTP status and a stable, machine-readable code. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string) => new HttpError(400, code, message);
export const notFound = (code: string, message: string) => new HttpError(404, code, message);

export const STORAGE_RETRY_AFTER_SECONDS = 5;

export const storageUnavailable = () =>
  new HttpError(503, 'storage_unavailable', 'object storage is unreachable; retry later', {
    'Retry-After': String(STORAGE_RETRY_AFTER_SECONDS),
  });

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

export const errorBody = (code: string, message: string): ErrorBody => ({ error: { code, message } });
