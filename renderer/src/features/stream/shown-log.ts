import type { StreamMessage } from '../../../../shared/model';

/** Rows a live log keeps in the renderer; older ones are counted, not held (the engine's file has them). */
export const MAX_SHOWN_ROWS = 10_000;

/** A line across the log where a new connection (or a reconnected stream) starts. */
export interface Divider {
  divider: true;
  /** Unique in its log, as a message's seq is. */
  seq: number;
  at: string;
  text: string;
}

export type LogRow = StreamMessage | Divider;

export const isDivider = (r: LogRow): r is Divider => 'divider' in r;

/**
 * What a tab shows of a stream across its connections: the newest rows (messages renumbered so
 * their seq is unique across reconnects, the engine restarting at 0 each time), how many earlier
 * ones are not shown, and the engine's log files that hold them all.
 */
export interface ShownLog {
  rows: LogRow[];
  /** Rows let go by the cap, plus messages the engine dropped before a poll reached them. */
  notShown: number;
  /** Every log file the engine spilled to, oldest connection first. */
  files: string[];
  /** The seq the next row gets. */
  nextSeq: number;
}

export const EMPTY_LOG: ShownLog = { rows: [], notShown: 0, files: [], nextSeq: 0 };

function capped(rows: LogRow[], notShown: number, max: number): { rows: LogRow[]; notShown: number } {
  if (rows.length <= max) return { rows, notShown };
  const cut = rows.length - max;
  return { rows: rows.slice(cut), notShown: notShown + rows.slice(0, cut).filter((r) => !isDivider(r)).length };
}

/**
 * Adds a poll's page. `after` is the cursor the poll was made with: when the page starts past it
 * the engine had let those messages go (they are only in its file), and they count as not shown.
 */
export function appendPage(log: ShownLog, page: { messages: readonly StreamMessage[]; after: number; file?: string | undefined }, max = MAX_SHOWN_ROWS): ShownLog {
  const files = page.file !== undefined && !log.files.includes(page.file) ? [...log.files, page.file] : log.files;
  if (page.messages.length === 0) return files === log.files ? log : { ...log, files };
  const skipped = Math.max(0, (page.messages[0]?.seq ?? page.after) - page.after);
  let seq = log.nextSeq;
  const added = page.messages.map((m) => ({ ...m, seq: seq++ }));
  const next = capped(log.rows.concat(added), log.notShown + skipped, max);
  return { rows: next.rows, notShown: next.notShown, files, nextSeq: seq };
}

/** Starts a new connection's part of the log with a divider ("Reconnected at 10:04:05"). */
export function addDivider(log: ShownLog, text: string, at: string, max = MAX_SHOWN_ROWS): ShownLog {
  if (log.rows.length === 0) return log;
  const next = capped([...log.rows, { divider: true, seq: log.nextSeq, at, text }], log.notShown, max);
  return { ...log, rows: next.rows, notShown: next.notShown, nextSeq: log.nextSeq + 1 };
}

/** The sentence above a log whose start is not shown. */
export function notShownText(log: Pick<ShownLog, 'notShown' | 'files'>, what: string): string | undefined {
  if (log.notShown === 0) return undefined;
  const where = log.files.length === 0 ? '' : `; the full log is in ${log.files.join(', ')}`;
  return `${log.notShown} earlier ${what} not shown${where}.`;
}
