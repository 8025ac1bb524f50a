export * from './auth';
export * from './request';
export * from './variables';
export * from './environment';
export * from './collection';
export * from './exchange';
export * from './file-access';
