export { GraphqlSchemas, type SchemaAsk, type SchemaDeps } from './schemas';
export { introspect, introspectionRequest, type SchemaOutcome } from './introspect';
export { readSdlFile } from './sdl-file';
