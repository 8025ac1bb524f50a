import { z } from 'zod';
import { Auth } from './auth';
import { Variable } from './variables';

/**
 * An environment: its variables, and its binding of each auth profile slot to a concrete scheme.
 * Staging and Production can bind the same "Admin" slot to different credentials or schemes.
 */
export const Environment = z.object({
  name: z.string().min(1),
  variables: z.array(Variable).default([]),
  profiles: z.record(z.string(), Auth).default({}),
});
export type Environment = z.infer<typeof Environment>;

export const Globals = z.object({
  variables: z.array(Variable).default([]),
});
export type Globals = z.infer<typeof Globals>;
