export { exportPostman, POSTMAN_SCHEMA_V21 } from './postman';
export { exportArchive } from './archive';
export { exportInsomnia } from './insomnia';
export { environmentNamed, exportBindings, type ExportBindings } from './bindings';
export { exportHar } from './har';
export { exportSnippet, snippetFor, SNIPPET_TARGETS, type SnippetLang } from './snippet';
export type { ExportOptions, ExportReport, ExportResult } from './types';
export { exportArtillery, type ArtilleryOptions } from './artillery';
