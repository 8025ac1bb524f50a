import { z } from 'zod';

/** One cookie of an environment's jar as the cookie manager shows and edits it. */
export const CookieInfo = z.object({
  name: z.string().min(1).max(4096),
  /** Masked when listed; the value typed when set. */
  value: z.string().max(16 * 1024),
  domain: z.string().min(1).max(255),
  path: z.string().max(2048).default('/'),
  /** ISO time; absent = a session cookie. */
  expires: z.string().optional(),
  secure: z.boolean().default(false),
  httpOnly: z.boolean().default(false),
  sameSite: z.enum(['strict', 'lax', 'none']).optional(),
  /** Only on listing: false when the cookie applies to the exact domain only (no Domain attribute). */
  hostOnly: z.boolean().optional(),
});
export type CookieInfo = z.infer<typeof CookieInfo>;
