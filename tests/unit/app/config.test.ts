import { ConfigError, loadConfig } from '../../../app/src/config';

const base = { MINIO_ENDPOINT: 'minio', MINIO_ACCESS_KEY: 'datahub', MINIO_SECRET_KEY: 'a-long-enough-secret' };

describe('loadConfig', () => {
  it('applies every default when only the required variables are set', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      storage: {
        endPoint: 'minio',
        port: 9000,
        useSSL: false,
        bucket: 'datahub',
        region: 'us-east-1',
        partSizeBytes: 8 * 1024 * 1024,
      },
      maxObjectBytes: 5 * 1024 ** 3,
      readinessCacheMs: 1000,
      shutdownGraceMs: 25_000,
      logLevel: 'info',
    });
    expect(config.storage.publicUrl).toBeUndefined();
  });

  it('reads booleans, numbers and URLs', () => {
    const config = loadConfig({
      ...base,
      MINIO_USE_SSL: 'TRUE',
      PORT: '0',
      MINIO_PUBLIC_URL: 'https://s3.example.com:8443',
    });
    expect(config.storage.useSSL).toBe(true);
    expect(config.port).toBe(0);
    expect(config.storage.publicUrl?.host).toBe('s3.example.com:8443');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ ...base, PORT: '', LOG_LEVEL: '' }).port).toBe(8080);
  });

  it.each([
    [{ MINIO_ENDPOINT: undefined }, 'MINIO_ENDPOINT is required: set it in the environment'],
    [{ MINIO_ACCESS_KEY: undefined }, 'MINIO_ACCESS_KEY is required (or MINIO_ACCESS_KEY_FILE)'],
    [{ MINIO_SECRET_KEY: undefined }, 'MINIO_SECRET_KEY is required (or MINIO_SECRET_KEY_FILE)'],
    [{ MINIO_ENDPOINT: 'minio:9000/path' }, 'MINIO_ENDPOINT must be a bare host name'],
    [{ PORT: '-1' }, 'PORT must be a whole number from 0 to 65535 (got "-1")'],
    [{ PORT: '8080.5' }, 'PORT must be a whole number from 0 to 65535'],
    [{ MINIO_PORT: '0' }, 'MINIO_PORT must be from 1 to 65535 (got "0")'],
    [{ MINIO_USE_SSL: 'maybe' }, 'MINIO_USE_SSL must be true or false (got "maybe")'],
    [{ MINIO_BUCKET: 'ab' }, 'MINIO_BUCKET must be 3-63 characters'],
    [{ MINIO_BUCKET: '192.168.1.1' }, 'MINIO_BUCKET must not look like an IP address'],
    [{ MINIO_PART_SIZE_MB: '513' }, 'MINIO_PART_SIZE_MB must be from 5 to 512'],
    [{ MAX_OBJECT_BYTES: '0' }, 'MAX_OBJECT_BYTES must be a positive number of bytes'],
    [{ PRESIGN_MAX_SECONDS: '604801' }, 'PRESIGN_MAX_SECONDS must be from 1 to 604800'],
    [{ SHUTDOWN_GRACE_MS: 'soon' }, 'SHUTDOWN_GRACE_MS must be a whole number'],
    [
      { LOG_LEVEL: 'verbose' },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")',
    ],
    [{ MINIO_PUBLIC_URL: 'ftp://files' }, 'MINIO_PUBLIC_URL must be an http(s) URL'],
    [{ MINIO_ACCESS_KEY_FILE: '/x', MINIO_ACCESS_KEY: 'datahub' }, 'set only one of them'],
  ])('rejects %j with "%s"', (override, message) => {
    const env = { ...base, ...override };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes a secret value in its message', () => {
    try {
      loadConfig({ ...base, MINIO_SECRET_KEY: 'tiny' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect((err as Error).message).toBe('MINIO_SECRET_KEY must be at least 8 characters');
    }
  });
});
