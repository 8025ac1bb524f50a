export { startBridge, CSP, type Bridge, type BridgeOptions } from './server';
export { startWeb, DEFAULT_STATIC_DIR, type WebOptions } from './web';
export { MemorySecretStore } from './memory-secrets';
export { TOKEN_HEADER } from './guard';
