import type { ImportNote } from '../../../shared/importers';
import type { Environment } from '../../../shared/model';

export interface ExportOptions {
  /** Binds auth profiles and supplies variables; without it profile auth exports as no auth. */
  environment?: Environment | undefined;
  /** Export secret values (with a warning in the report) instead of empty placeholders. */
  includeSecrets?: boolean | undefined;
}

export interface ExportReport {
  format: string;
  /** Places whose secret values became empty placeholders. */
  secretsBlanked: string[];
  /** Set when includeSecrets exported secrets: say so wherever the export is shown. */
  warnings: string[];
  notCarried: ImportNote[];
}

export interface ExportResult {
  output: string;
  report: ExportReport;
}
