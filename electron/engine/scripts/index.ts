export { createScriptEngine, DEFAULT_LIMITS, type ScriptEngineOptions } from './engine';
export { runPreRequestChain, runTestChain, scriptChain, type ScriptLevel } from './chain';
export { storesFromScopes, memoryStore } from './stores';
export { LIBRARY_NAMES } from './vendor-loader';
export type * from './types';
export { warmQuickJs } from './sandbox';
