import type { Collection, Environment, Globals } from '../model';
import type { ImportInput } from './document';
import type { ImportFormat, ImportReport } from './report';

export interface ImportOptions {
  /** Overrides the collection name the source gives. */
  name?: string | undefined;
  /** HAR: drop images, fonts, stylesheets and scripts. */
  dropStaticAssets?: boolean | undefined;
}

export interface ImportResult {
  /** Absent for files that hold only environments or globals (Postman environment exports). */
  collection?: Collection | undefined;
  environments: Environment[];
  globals?: Globals | undefined;
  report: ImportReport;
  /**
   * Files the collection refers to that the source held as text (an Insomnia export's .proto
   * files), by their path relative to the collection folder (forward slashes, never `..`).
   */
  files?: { path: string; text: string }[] | undefined;
}

/** One foreign format: a cheap check and a pure conversion. */
export interface Importer {
  format: ImportFormat;
  detect(input: ImportInput): boolean;
  parse(input: ImportInput, opts?: ImportOptions): ImportResult | Promise<ImportResult>;
}
