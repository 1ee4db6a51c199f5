import { assertValidKey, keyViolation, prefixViolation } from '../../../app/src/keys';
import { HttpError } from '../../../app/src/http/errors';

describe('key rules', () => {
  it.each(['a', 'dir/file.txt', 'dir/', '.hidden', 'a/.b/c', 'a..b', 'ünïcode/日本', 'spaces are fine'])(
    'accepts %j',
    (key) => {
      expect(keyViolation(key)).toBeUndefined();
    },
  );

  it.each([
    ['', 'key must not be empty'],
    ['a\u0000b', 'NUL or control'],
    ['tab\there', 'NUL or control'],
    ['/lead', 'must not start with "/"'],
    ['..', '"." or ".." path segment'],
    ['a/../b', '"." or ".." path segment'],
    ['a/./b', '"." or ".." path segment'],
    ['x'.repeat(1025), 'at most 1024 UTF-8 bytes (got 1025)'],
    ['\ud800', 'valid UTF-8'],
  ])('rejects %j naming the rule', (key, rule) => {
    expect(keyViolation(key)).toContain(rule);
  });

  it('throws a 400 invalid_key HttpError', () => {
    expect(() => assertValidKey('')).toThrow(HttpError);
    try {
      assertValidKey('/x');
    } catch (err) {
      expect(err).toMatchObject({ status: 400, code: 'invalid_key' });
    }
  });

  it('allows an empty prefix and prefixes ending in dots, rejects a leading slash', () => {
    expect(prefixViolation('')).toBeUndefined();
    expect(prefixViolation('a/.')).toBeUndefined();
    expect(prefixViolation('/a')).toContain('must not start with "/"');
  });
});
