import type { StackConfig } from '../config';

/** Thresholds and windows of one alert profile. Dev fires within seconds in a drill; prod waits for SLO-sized evidence. */
export interface AlertProfile {
  /** Range of rate() and of the recorded ratios. */
  readonly rateWindow: string;
  /** How long a target must be down before it pages. */
  readonly forDown: string;
  /** How long a symptom (error ratio, latency, storage errors) must hold. */
  readonly forSymptom: string;
  /** How long a slow-moving condition (traffic drop, capacity) must hold. */
  readonly forSlow: string;
  /** Below this many requests per second, ratio and latency alerts stay quiet. */
  readonly minRequestRate: number;
  /** 5xx share of requests that counts as high. */
  readonly errorRatio: number;
  /** p95 latency, in seconds, that counts as high. */
  readonly p95Seconds: number;
  /** Internal (500) errors per second that count as high. */
  readonly internalErrorRate: number;
  /** Failed storage operations per second the app may see before it is an alert. */
  readonly storageErrorRate: number;
  /** Usable free share of MinIO capacity below which it warns. */
  readonly minioFreeRatio: number;
  /** MinIO S3 5xx answers per second that count as errors. */
  readonly minioS3ErrorRate: number;
  /** How far back "normal traffic" is read for the traffic-drop alert. */
  readonly trafficBaselineOffset: string;
  /**
   * Prometheus' --rules.alert.resend-delay: how soon a firing alert is sent to Alertmanager again.
   * It is also how soon a notification Prometheus dropped is retried: at start-up (and after a
   * reload) rules are evaluated at once, but Alertmanager discovery reports its targets only on
   * its next 5-second sync, so the first notifications find no Alertmanager. With the 1-minute
   * default a dev stack's heartbeat and first alerts arrive a minute late.
   */
  readonly resendDelay: string;
}

export const ALERT_PROFILES: Readonly<Record<StackConfig['alertProfile'], AlertProfile>> = {
  dev: {
    rateWindow: '1m',
    forDown: '15s',
    forSymptom: '15s',
    forSlow: '30s',
    minRequestRate: 0.05,
    errorRatio: 0.05,
    p95Seconds: 1,
    internalErrorRate: 0.01,
    storageErrorRate: 0.01,
    minioFreeRatio: 0.1,
    minioS3ErrorRate: 0.01,
    trafficBaselineOffset: '5m',
    resendDelay: '10s',
  },
  prod: {
    rateWindow: '5m',
    forDown: '2m',
    forSymptom: '10m',
    forSlow: '30m',
    minRequestRate: 0.5,
    errorRatio: 0.02,
    p95Seconds: 0.5,
    internalErrorRate: 0.05,
    storageErrorRate: 0.05,
    minioFreeRatio: 0.1,
    minioS3ErrorRate: 0.05,
    trafficBaselineOffset: '1h',
    resendDelay: '1m',
  },
};

export const alertProfile = (config: Pick<StackConfig, 'alertProfile'>): AlertProfile =>
  ALERT_PROFILES[config.alertProfile];
