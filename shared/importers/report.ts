/**
 * What an import could not carry over, and where. Importers never drop something silently: each
 * note names the place in the source document (`item[3].request.auth`) and what was kept instead.
 */
export type ImportFormat = 'postman' | 'postman-environment' | 'insomnia' | 'openapi' | 'har' | 'curl' | 'keyhole-archive';

export type NoteKind = 'auth' | 'body' | 'script' | 'variable' | 'setting' | 'entry' | 'option' | 'other';

export interface ImportNote {
  /** Path inside the source document, in the document's own terms. */
  place: string;
  /** The request or folder the place lies in, by the names people know it by (`Orders / Get user`). */
  item?: string | undefined;
  kind: NoteKind;
  message: string;
}

export interface ImportReport {
  format: ImportFormat;
  requests: number;
  folders: number;
  environments: number;
  notCarried: ImportNote[];
}

/** Collects notes while an importer walks a document; counts are filled in at the end. */
export class ReportNotes {
  readonly notes: ImportNote[] = [];
  add(place: string, kind: NoteKind, message: string): void {
    this.notes.push({ place, kind, message });
  }
}

/**
 * Appends the foreign data Keyhole cannot represent to a description, so it survives as text a
 * person can read and a later version could parse back.
 */
export function keepAsData(description: string | undefined, label: string, data: unknown): string {
  const block = `x-unsupported ${label}:\n\`\`\`json\n${JSON.stringify(data, null, 2)}\n\`\`\``;
  return description ? `${description}\n\n${block}` : block;
}

/** Keys of foreign auth/config blocks whose values are secrets: kept out of descriptions. */
const SECRETISH = /pass|secret|token|key|credential|signature/i;

/** A copy of a foreign key/value block with secret-looking values blanked (for keepAsData). */
export function withoutSecrets(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k] = SECRETISH.test(k) && typeof v === 'string' && v !== '' ? '' : v;
  return out;
}
