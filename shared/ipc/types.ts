import type { Channel } from './channels';
import type { InputOf, OutputOf, ParsedInputOf } from './contract';
import type { Envelope } from './envelope';

/** The host side: one handler per channel; `satisfies Handlers` makes a missing one a compile error. */
export type Handlers = { [K in Channel]: (input: ParsedInputOf<K>) => Promise<OutputOf<K>> };

/** The renderer side: one plain async function per channel. */
export type Api = { [K in Channel]: (input: InputOf<K>) => Promise<OutputOf<K>> };

/** What a transport moves: a channel name and an argument out, an envelope back. */
export type RawInvoke = (channel: Channel, input: unknown) => Promise<Envelope<unknown>>;
