import { z } from 'zod';
import { Exchange, ReceivedResponse, Request, ResponseBody } from '../model';
import { ExplainEntry } from '../inspector/report';
import { CollectionId, Id } from './ids';

// A request's send and what it answers: the exchange, its scripts' report, its body a window at a time.

export const SendInput = z.object({
  /** Chosen by the caller so that request.cancel can name this send while it runs. */
  sendId: Id,
  request: Request,
  /** Where the request lives: inherited auth, settings and collection variables come from there. */
  collectionId: CollectionId.optional(),
  /** Names of the folders holding the request, outermost first. */
  folders: z.array(z.string()).default([]),
  environment: z.string().optional(),
  /** The stable id of the saved request the tab is bound to; history records it. */
  requestId: z.string().optional(),
});
export type SendInput = z.input<typeof SendInput>;

/** One pm.test (or a failed test script), secrets already redacted. */
export const AssertionInfo = z.object({ name: z.string(), passed: z.boolean(), message: z.string().optional() });
export type AssertionInfo = z.infer<typeof AssertionInfo>;

/** What the request's scripts (collection, folders, request) reported around one send. */
export const ScriptReport = z.object({
  assertions: z.array(AssertionInfo),
  /** console output, "level: message", redacted. */
  logs: z.array(z.string()),
});
export type ScriptReport = z.infer<typeof ScriptReport>;

/**
 * A body the engine keeps instead of sending along: past INLINE_RESULT_MAX a SendResult carries
 * its size only, and the app reads it a window at a time (exchange.bodyBytes), so that megabytes
 * of base64 are neither made, sent nor parsed on the page's main thread before the first screen.
 */
export const HeldBody = z.object({ storage: z.literal('held'), size: z.number().int().nonnegative() });
export const INLINE_RESULT_MAX = 512 * 1024;

/** An exchange as the app is shown it: an engine's Exchange whose body may be held (above). */
export const ShownExchange = Exchange.extend({
  response: ReceivedResponse.extend({ body: z.discriminatedUnion('storage', [...ResponseBody.options, HeldBody]) }),
});
export type ShownExchange = z.infer<typeof ShownExchange>;

export const SendResult = z.object({
  /** Credentials masked; secrets redacted. */
  exchange: Exchange,
  /** For 401/403/407: the explanation cards, most likely diagnosis first. */
  explanation: ExplainEntry.optional(),
  /** Present when a pre-request or test script ran. */
  tests: ScriptReport.optional(),
});
export type SendResult = z.infer<typeof SendResult>;

/** A SendResult as a Send answers it: its body held by the engine past INLINE_RESULT_MAX. */
export const ShownResult = SendResult.extend({ exchange: ShownExchange });
export type ShownResult = z.infer<typeof ShownResult>;

/** Body bytes of a past exchange, a window at a time: 50 MB never crosses IPC in one piece. */
export const BodyChunk = z.object({ base64: z.string(), offset: z.number().int(), size: z.number().int() });
export type BodyChunk = z.infer<typeof BodyChunk>;
export const MAX_BODY_CHUNK = 8 * 1024 * 1024;
/** The same window as raw bytes (`exchange.bodyBytes`): no base64 to make, parse or decode. */
export const BodyBytes = z.object({ bytes: z.instanceof(Uint8Array), offset: z.number().int(), size: z.number().int() });
export type BodyBytes = z.infer<typeof BodyBytes>;
