export { resolveText, referencesIn, type ResolveOptions, type Resolution, type ResolvedUse } from './resolve';
export { lookup, scopeFrom, scriptValue, typedText, SCOPE_ORDER, type ScopeName, type Scopes, type ScopedValue } from './scope';
export { resolveDeep } from './deep';
export { dynamicValue, isDynamic, DYNAMIC_NAMES, type DynamicSources } from './dynamic';
