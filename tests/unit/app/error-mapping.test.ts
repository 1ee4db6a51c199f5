import { toHttpError } from '../../../app/src/http/error-handler';
import { HttpError } from '../../../app/src/http/errors';
import { classifyStorageError, StorageTimeoutError } from '../../../app/src/storage/storage-errors';
import { ObjectTooLargeError, UploadSourceError } from '../../../app/src/storage/streaming-upload';

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('classifyStorageError', () => {
  it.each([
    [withCode('ECONNREFUSED'), 'unavailable'],
    [withCode('EAI_AGAIN'), 'unavailable'],
    [withCode('SlowDown'), 'unavailable'],
    [withCode('NoSuchBucket'), 'unavailable'],
    [new StorageTimeoutError('stat took longer than 10 ms'), 'unavailable'],
    [new AggregateError([withCode('ECONNREFUSED')], 'all addresses failed'), 'unavailable'],
    [new UploadSourceError(withCode('ECONNRESET', 'aborted')), 'aborted'],
    [new ObjectTooLargeError(10), 'aborted'],
    [withCode('NoSuchKey'), 'not_found'],
    [withCode('NotFound'), 'not_found'],
    [withCode('AccessDenied'), 'error'],
    [new Error('boom'), 'error'],
    ['not even an error', 'error'],
  ])('classifies %p as %s', (err, result) => {
    expect(classifyStorageError(err)).toBe(result);
  });
});

describe('toHttpError', () => {
  it.each([
    [new HttpError(418, 'teapot', 'short and stout'), 418, 'teapot'],
    [new ObjectTooLargeError(10), 413, 'object_too_large'],
    [new UploadSourceError(new Error('bad chunk')), 400, 'unreadable_body'],
    [withCode('ECONNREFUSED'), 503, 'storage_unavailable'],
    [withCode('NoSuchKey'), 404, 'object_not_found'],
    [withCode('XMinioInvalidObjectName'), 400, 'invalid_key'],
    [
      Object.assign(new Error('Unexpected end of JSON'), { status: 400, type: 'entity.parse.failed' }),
      400,
      'invalid_json',
    ],
    [
      Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' }),
      413,
      'entity_too_large',
    ],
    [Object.assign(new Error('Failed to decode param'), { status: 400 }), 400, 'bad_request'],
    [new Error('secret internals'), 500, 'internal_error'],
  ])('maps %p to %i %s', (err, status, code) => {
    expect(toHttpError(err)).toMatchObject({ status, code });
  });

  it('gives storage outages a Retry-After and hides internal messages', () => {
    expect(toHttpError(withCode('ECONNRESET')).headers).toEqual({ 'Retry-After': '5' });
    expect(toHttpError(new Error('secret internals')).message).toBe('internal error');
  });
});
