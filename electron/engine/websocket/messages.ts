import { readFile } from 'node:fs/promises';
import { KeyholeError } from '../../../shared/errors';
import type { WebSocketMessage } from '../../../shared/model';
import { resolveText, type ResolveOptions, type ResolvedUse } from '../../../shared/variables';
import { resolveBodyPath } from '../http/files';

export interface OutgoingMessage {
  type: 'text' | 'json' | 'binary';
  data: string | Buffer;
}

/** A binary message file larger than this is refused before it is read (a message is held whole). */
const MAX_FILE_MESSAGE = 100 * 1024 * 1024;

/**
 * A saved or typed message ready for the wire: {{variables}} resolved in its text, JSON checked to
 * be JSON (an error names the message and where the text stops parsing), a binary message read
 * from its file (relative paths from the collection folder). `used` collects the variables used,
 * so the caller masks secret ones.
 */
export async function resolveMessage(m: WebSocketMessage, o: ResolveOptions & { baseDir?: string | undefined }, used: ResolvedUse[] = []): Promise<OutgoingMessage> {
  const where = `message "${m.name}" of ${o.where}`;
  if (m.type === 'binary') {
    if (!m.path) throw new KeyholeError('invalid-input', `Binary ${where} names no file`, { hint: 'Choose the file the message sends (path, relative to the collection folder).' });
    const path = resolveBodyPath(resolveText(m.path, { ...o, where }).text, o.baseDir);
    try {
      const data = await readFile(path);
      if (data.length > MAX_FILE_MESSAGE) throw new KeyholeError('body-too-large', `The file of ${where} is larger than ${MAX_FILE_MESSAGE} bytes`);
      return { type: 'binary', data };
    } catch (e) {
      if (e instanceof KeyholeError) throw e;
      throw new KeyholeError('file-not-found', `The file of ${where} cannot be read: ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { details: { path }, cause: e });
    }
  }
  const r = resolveText(m.text ?? '', { ...o, where });
  used.push(...r.used);
  if (m.type === 'json') {
    try {
      JSON.parse(r.text);
    } catch (e) {
      throw new KeyholeError('invalid-input', `JSON ${where} is not valid JSON: ${(e as Error).message}`, {
        hint: 'Fix the JSON, or send it as a text message.',
        details: { message: m.name },
      });
    }
  }
  return { type: m.type, data: r.text };
}
