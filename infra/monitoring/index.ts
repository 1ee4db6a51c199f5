export * from './topology';
export * from './scrape-jobs';
export * from './rules';
export * from './prometheus-config';
export * from './alertmanager-config';
export * from './grafana-provisioning';
export * from './render';
