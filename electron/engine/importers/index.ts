export { importFile, importText, IMPORT_FORMATS, type ImportFormatFlag } from './import';
export { parseOpenApi, openApiImporter } from './openapi';
export { writeImport, type WriteImportResult } from './write';
export type { ImportResult, ImportReport, ImportNote, ImportOptions } from '../../../shared/importers';
export { describeMove, type MovedSecret } from './extract-secrets';
