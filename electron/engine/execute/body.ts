import { KeyholeError } from '../../../shared/errors';
import type { Body, HeaderList } from '../../../shared/model';
import type { PreparedBody } from '../http/types';

const encoder = new TextEncoder();

/** The Content-Type each body mode implies when the user set none. */
function impliedType(body: Body): string | undefined {
  switch (body.mode) {
    case 'json': case 'graphql': return 'application/json';
    case 'xml': return 'application/xml';
    case 'text': return body.contentType ?? 'text/plain; charset=utf-8';
    case 'form-urlencoded': return 'application/x-www-form-urlencoded';
    case 'binary': return body.contentType ?? 'application/octet-stream';
    default: return undefined;
  }
}

/**
 * Turns a (variable-resolved) body into what the transport sends. Files are only described here;
 * the transport streams them. A GraphQL variables block that is not JSON is an error naming the
 * request, because sending it as a string would hide the typo until the server complains.
 */
export function prepareBody(body: Body, requestName: string): PreparedBody {
  const contentType = impliedType(body);
  switch (body.mode) {
    case 'none':
      return { kind: 'none' };
    case 'json': case 'text': case 'xml':
      return { kind: 'bytes', data: encoder.encode(body.text), contentType };
    case 'form-urlencoded': {
      const p = new URLSearchParams();
      for (const f of body.fields) if (f.enabled !== false) p.append(f.key, f.value);
      return { kind: 'bytes', data: encoder.encode(p.toString()), contentType };
    }
    case 'multipart':
      return { kind: 'multipart', fields: body.fields.filter((f) => f.enabled !== false) };
    case 'binary':
      return { kind: 'file', path: body.path, contentType };
    case 'graphql': {
      let variables: unknown = undefined;
      if (body.variables.trim() !== '') {
        try {
          variables = JSON.parse(body.variables);
        } catch (e) {
          throw new KeyholeError('invalid-input', `GraphQL variables of request ${requestName} are not valid JSON: ${(e as Error).message}`, {
            hint: 'Fix the variables block, or empty it.',
          });
        }
      }
      const payload = { query: body.query, ...(variables === undefined ? {} : { variables }), ...(body.operationName ? { operationName: body.operationName } : {}) };
      return { kind: 'bytes', data: encoder.encode(JSON.stringify(payload)), contentType };
    }
  }
}

/** Adds Content-Type from the body unless the user set one themselves. */
export function withContentType(headers: HeaderList, body: PreparedBody): HeaderList {
  const type = body.kind === 'bytes' || body.kind === 'file' ? body.contentType : undefined;
  if (!type || headers.some(([k]) => k.toLowerCase() === 'content-type')) return headers;
  return [...headers, ['Content-Type', type]];
}
