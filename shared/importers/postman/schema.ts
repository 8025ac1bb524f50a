import { z } from 'zod';

/**
 * Postman Collection v2.0/v2.1 as zod schemas, lenient where Postman itself is (extra fields kept
 * out of the way, nulls accepted) and strict where the conversion depends on a shape. v2.0 stores
 * auth parameters as an object, v2.1 as a key/value list; both are accepted.
 */
export const PmDescription = z.union([z.string(), z.looseObject({ content: z.string().nullish(), type: z.string().nullish() }), z.null()]);
export type PmDescription = z.infer<typeof PmDescription>;

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const PmKeyValue = z.looseObject({
  key: z.string().nullish(),
  value: scalar.optional(),
  disabled: z.boolean().nullish(),
  description: PmDescription.optional(),
});

export const PmVariable = z.looseObject({
  key: z.string().nullish(),
  id: z.string().nullish(),
  value: z.unknown().optional(),
  type: z.string().nullish(),
  disabled: z.boolean().nullish(),
  description: PmDescription.optional(),
});
export type PmVariable = z.infer<typeof PmVariable>;

export const PmAuth = z.looseObject({ type: z.string() });
export type PmAuth = z.infer<typeof PmAuth>;

const PmFormField = z.looseObject({
  key: z.string().nullish(),
  value: scalar.optional(),
  src: z.union([z.string(), z.array(z.string()), z.null()]).optional(),
  type: z.string().nullish(),
  contentType: z.string().nullish(),
  disabled: z.boolean().nullish(),
  description: PmDescription.optional(),
});
export type PmFormField = z.infer<typeof PmFormField>;

export const PmBody = z.looseObject({
  mode: z.string().nullish(),
  raw: z.string().nullish(),
  urlencoded: z.array(PmKeyValue).nullish(),
  formdata: z.array(PmFormField).nullish(),
  file: z.looseObject({ src: z.string().nullish(), content: z.string().nullish() }).nullish(),
  graphql: z.looseObject({ query: z.string().nullish(), variables: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(), operationName: z.string().nullish() }).nullish(),
  options: z.looseObject({ raw: z.looseObject({ language: z.string().nullish() }).nullish() }).nullish(),
  disabled: z.boolean().nullish(),
});
export type PmBody = z.infer<typeof PmBody>;

// Real exports use the object forms: zod tries a union's options in order and every failed option
// allocates issues, so the common shape goes first (a string never matches an object, so no result changes).
export const PmUrl = z.union([
  z.looseObject({
    raw: z.string().nullish(),
    protocol: z.string().nullish(),
    host: z.union([z.array(z.string()), z.string()]).nullish(),
    port: z.union([z.string(), z.number()]).nullish(),
    path: z.union([z.array(z.union([z.string(), z.looseObject({ value: z.string().nullish() })])), z.string()]).nullish(),
    query: z.array(PmKeyValue).nullish(),
    hash: z.string().nullish(),
    variable: z.array(PmVariable).nullish(),
  }),
  z.string(),
]);
export type PmUrl = z.infer<typeof PmUrl>;

export const PmRequest = z.union([
  z.looseObject({
    url: PmUrl.nullish(),
    method: z.string().nullish(),
    header: z.union([z.array(PmKeyValue), z.string(), z.null()]).optional(),
    body: PmBody.nullish(),
    auth: PmAuth.nullish(),
    description: PmDescription.optional(),
  }),
  z.string(),
]);
export type PmRequest = z.infer<typeof PmRequest>;

export const PmEvent = z.looseObject({
  listen: z.string(),
  disabled: z.boolean().nullish(),
  script: z.looseObject({ exec: z.union([z.array(z.string()), z.string()]).nullish(), type: z.string().nullish(), src: z.unknown().optional() }).nullish(),
});
export type PmEvent = z.infer<typeof PmEvent>;

export interface PmItem {
  name?: string | null | undefined;
  description?: PmDescription | undefined;
  request?: PmRequest | null | undefined;
  item?: PmItem[] | null | undefined;
  event?: PmEvent[] | null | undefined;
  auth?: PmAuth | null | undefined;
  variable?: PmVariable[] | null | undefined;
  [k: string]: unknown;
}

export const PmItem: z.ZodType<PmItem> = z.lazy(() =>
  z.looseObject({
    name: z.string().nullish(),
    description: PmDescription.optional(),
    request: PmRequest.nullish(),
    item: z.array(PmItem).nullish(),
    event: z.array(PmEvent).nullish(),
    auth: PmAuth.nullish(),
    variable: z.array(PmVariable).nullish(),
  }),
);

export const PmCollection = z.looseObject({
  info: z.looseObject({
    name: z.string(),
    schema: z.string().nullish(),
    description: PmDescription.optional(),
    _postman_id: z.string().nullish(),
  }),
  item: z.array(PmItem),
  auth: PmAuth.nullish(),
  event: z.array(PmEvent).nullish(),
  variable: z.array(PmVariable).nullish(),
});
export type PmCollection = z.infer<typeof PmCollection>;

export const PmEnvironment = z.looseObject({
  name: z.string().nullish(),
  values: z.array(z.looseObject({
    key: z.string().nullish(),
    value: z.unknown().optional(),
    type: z.string().nullish(),
    enabled: z.boolean().nullish(),
  })),
  _postman_variable_scope: z.string().nullish(),
});
export type PmEnvironment = z.infer<typeof PmEnvironment>;

export function descriptionText(d: PmDescription | undefined): string | undefined {
  if (d === null || d === undefined) return undefined;
  const text = typeof d === 'string' ? d : d.content ?? undefined;
  return text === undefined || text === '' ? undefined : text;
}

export function scalarText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}
