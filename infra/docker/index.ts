export * from './hardening';
export * from './build-context';
export * from './local-image';
export * from './data-volume';
export * from './object-store';
export * from './app-service';
export * from './monitoring';
export * from './platform';
