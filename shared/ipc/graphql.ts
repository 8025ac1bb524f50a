import { z } from 'zod';
import { KeyholeErrorShape } from '../errors';
import { ExplainEntry } from '../inspector/report';

/**
 * A GraphQL request's schema as the engine found it, in SDL (the renderer builds it with graphql's
 * buildSchema), or why it could not: errors are values here, since a refused introspection is an
 * answer the editor shows, not a failure of the call.
 */
export const GraphqlSchemaResult = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    sdl: z.string(),
    source: z.enum(['introspection', 'file']),
    /** The URL introspected (masked) or the SDL file's path as the request names it. */
    from: z.string(),
    fetchedAt: z.string(),
    /** True when this answer came from the cache (no request sent, no file read). */
    cached: z.boolean(),
    /** The environment the introspection query went out with (its variables and auth profile). */
    environment: z.string().optional(),
  }),
  z.object({
    ok: z.literal(false),
    error: KeyholeErrorShape,
    /** A refused introspection (401, 403, 407): the inspector's explanation of it. */
    explanation: ExplainEntry.optional(),
  }),
]);
export type GraphqlSchemaResult = z.infer<typeof GraphqlSchemaResult>;
