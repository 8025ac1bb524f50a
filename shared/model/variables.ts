import { z } from 'zod';

/**
 * A variable as stored. A secret variable's value never lands in workspace files: the file keeps
 * `secret: true` and no value, and the value lives in a SecretStore under the variable's key.
 */
export const Variable = z.object({
  key: z.string().min(1).regex(/^[^{}\s]+$/, 'a variable name has no spaces or braces'),
  value: z.string().default(''),
  secret: z.boolean().default(false),
  enabled: z.boolean().default(true),
  description: z.string().optional(),
});
export type Variable = z.infer<typeof Variable>;
