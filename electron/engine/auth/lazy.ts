import type { ConcreteAuth } from '../../../shared/model';
import type { AuthScheme } from './types';

/**
 * A scheme whose module loads on its first use. OAuth 2.0 and JWT bring oauth4webapi and jose,
 * about 220 KB of source that V8 keeps for the life of the process, and most runs use neither.
 * `answersRefusals` says whether the real scheme has `retry` (execute.ts reads its presence).
 */
export function lazyScheme<A extends ConcreteAuth>(type: A['type'], label: string, answersRefusals: boolean, load: () => Promise<AuthScheme<A>>): AuthScheme<A> {
  let loaded: Promise<AuthScheme<A>> | undefined;
  const scheme = (): Promise<AuthScheme<A>> => (loaded ??= load());
  const lazy: AuthScheme<A> = {
    type,
    label,
    apply: async (auth, req, ctx) => (await scheme()).apply(auth, req, ctx),
  };
  if (answersRefusals) {
    lazy.retry = async (auth, req, refused, ctx, attempt) => {
      const real = await scheme();
      return real.retry ? real.retry(auth, req, refused, ctx, attempt) : null;
    };
  }
  return lazy;
}
