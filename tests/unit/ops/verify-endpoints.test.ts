import { endpointsFromOutputs, verifyUrlOverrides } from '../../../ops/verify/endpoints';

const outputs = {
  appUrl: 'http://127.0.0.1:8080',
  minioApiUrl: 'http://127.0.0.1:9000',
  minioConsoleUrl: 'http://127.0.0.1:9001',
  prometheusUrl: 'http://127.0.0.1:9090',
  alertmanagerUrl: 'http://127.0.0.1:9093',
  appImageDigest: 'sha256:0123',
};

describe('the endpoints verification checks', () => {
  it('are the stack outputs it checks, without the others', () => {
    expect(endpointsFromOutputs(outputs)).toEqual({
      appUrl: 'http://127.0.0.1:8080',
      minioApiUrl: 'http://127.0.0.1:9000',
      prometheusUrl: 'http://127.0.0.1:9090',
      alertmanagerUrl: 'http://127.0.0.1:9093',
    });
  });

  it('include Grafana only when the stack has one', () => {
    expect(endpointsFromOutputs({ ...outputs, grafanaUrl: 'http://127.0.0.1:3000' }).grafanaUrl).toBe(
      'http://127.0.0.1:3000',
    );
    expect(endpointsFromOutputs({ ...outputs, grafanaUrl: '' })).not.toHaveProperty('grafanaUrl');
  });

  it('name every required output that is missing', () => {
    expect(() => endpointsFromOutputs({ appUrl: 'http://127.0.0.1:8080', prometheusUrl: '' })).toThrow(
      'stack outputs lack minioApiUrl, prometheusUrl, alertmanagerUrl',
    );
  });

  it('DATAHUB_VERIFY_URLS names the keys it takes', () => {
    expect(() => verifyUrlOverrides('{"minioConsoleUrl":"http://x"}')).toThrow(
      '(keys: appUrl, minioApiUrl, prometheusUrl, alertmanagerUrl, grafanaUrl)',
    );
  });
});
