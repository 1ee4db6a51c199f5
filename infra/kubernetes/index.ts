export * from './workload';
export * from './config-files';
export * from './object-store';
export * from './app-service';
export * from './monitoring';
export * from './operator-monitoring';
export * from './platform';
