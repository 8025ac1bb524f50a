import type { ImportNote } from '../../../shared/importers';
import type { Auth, Environment } from '../../../shared/model';

export interface ExportOptions {
  /** Binds auth profiles and supplies variables. */
  environment?: Environment | undefined;
  /** Without an environment: bindings every environment shares (exportBindings in bindings.ts). */
  sharedProfiles?: Record<string, Auth> | undefined;
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
