import { dataVolumesProtected, minioDataDirs, minioDataOnNamedVolume } from '../../../policies/docker/storage';
import { assertHasResourceViolation, assertNoResourceViolations, assertNotApplicable } from '../../support/policy-args';
import { UNKNOWN_VALUE, container, hardenedContainer, serviceLabels, volume } from './fixtures/props';

const COMMAND = ['server', '/var/lib/minio/data', '--address', ':9000', '--console-address=:9001'];
const minio = (extra: Record<string, unknown>) =>
  container(
    hardenedContainer({ name: 'datahub-test-minio', labels: serviceLabels('minio'), command: COMMAND, ...extra }),
    {},
    'object-store-minio',
  );

describe('minioDataDirs', () => {
  it.each([
    [COMMAND, ['/var/lib/minio/data']],
    [['server', '--address', ':9000', '/data/'], ['/data']],
    [['minio', 'server', 'http://minio{1...4}/data{1...2}'], ['/data']],
    [
      ['server', '/a', '/b'],
      ['/a', '/b'],
    ],
    [['gateway', 's3'], []],
  ])('%j → %j', (command, dirs) => {
    expect(minioDataDirs(command)).toEqual(dirs);
  });
});

describe('minio-data-on-named-volume', () => {
  it('accepts a named volume at the data directory or a parent of it', async () => {
    await assertNoResourceViolations(
      minioDataOnNamedVolume,
      minio({ volumes: [{ volumeName: 'datahub-test-minio-data', containerPath: '/var/lib/minio' }] }),
    );
    await assertNoResourceViolations(
      minioDataOnNamedVolume,
      minio({ volumes: [{ volumeName: 'd', containerPath: '/var/lib/minio/data/' }] }),
    );
  });

  it('flags MinIO without a volume, with the data directory in the fix', async () => {
    await assertHasResourceViolation(
      minioDataOnNamedVolume,
      minio({ volumes: undefined }),
      /^container "datahub-test-minio" \(object-store-minio\) keeps \/var\/lib\/minio\/data outside a named volume\. MinIO's data must be on a named Docker volume: .*Fix: declare a docker\.Volume and mount it with `volumes: \[\{ volumeName: volume\.name, containerPath: "\/var\/lib\/minio\/data" \}\]`\.$/,
    );
  });

  it('flags a bind mount and a volume elsewhere', async () => {
    await assertHasResourceViolation(
      minioDataOnNamedVolume,
      minio({ volumes: [{ hostPath: '/srv/minio', containerPath: '/var/lib/minio' }] }),
      'outside a named volume',
    );
    await assertHasResourceViolation(
      minioDataOnNamedVolume,
      minio({ volumes: [{ volumeName: 'd', containerPath: '/var/lib/minio-other' }] }),
      'keeps /var/lib/minio/data outside',
    );
  });

  it('without a readable command, asks for some named volume', async () => {
    await assertHasResourceViolation(
      minioDataOnNamedVolume,
      minio({ command: undefined, volumes: [] }),
      'keeps its data directory outside a named volume',
    );
    await assertNoResourceViolations(
      minioDataOnNamedVolume,
      minio({ command: UNKNOWN_VALUE, volumes: [{ volumeName: 'd', containerPath: '/x' }] }),
    );
  });

  it('treats unknown volume names and lists as unknown', async () => {
    await assertNoResourceViolations(
      minioDataOnNamedVolume,
      minio({ volumes: [{ volumeName: UNKNOWN_VALUE, containerPath: '/var/lib/minio' }] }),
    );
    await assertNoResourceViolations(minioDataOnNamedVolume, minio({ volumes: UNKNOWN_VALUE }));
    await assertNoResourceViolations(minioDataOnNamedVolume, minio({ volumes: [UNKNOWN_VALUE] }));
  });

  it('recognises unlabelled MinIO by its image, and ignores other services', async () => {
    await assertHasResourceViolation(
      minioDataOnNamedVolume,
      container({ image: 'minio/minio:latest', command: ['server', '/data'] }),
      'keeps /data outside',
    );
    await assertNotApplicable(
      minioDataOnNamedVolume,
      container(hardenedContainer({ volumes: [] })),
      'not a MinIO container',
    );
  });
});

describe('data-volumes-protected', () => {
  const ON = { requireProtectedVolumes: true };

  it('does not apply while requireProtectedVolumes is off (the default, dev)', async () => {
    await assertNotApplicable(dataVolumesProtected, volume({ protect: false }), 'requireProtectedVolumes is off');
  });

  it('flags an unprotected volume when requireProtectedVolumes is on (prod)', async () => {
    await assertHasResourceViolation(
      dataVolumesProtected,
      volume({ protect: false }, ON),
      /^Volume minio-data \("datahub-test-minio-data"\) is not protected\. Data volumes on this stack must be protected: .*Fix: declare it with `\{ protect: true, retainOnDelete: true \}`/,
    );
  });

  it('accepts a protected volume', async () => {
    await assertNoResourceViolations(dataVolumesProtected, volume({ protect: true }, ON));
  });
});
