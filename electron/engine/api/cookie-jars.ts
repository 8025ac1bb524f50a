import type { CookieInfo } from '../../../shared/model';
import { clearCookies, deleteCookie, listCookies, putCookie, revealCookie } from '../http';
import type { Session } from '../session';
import type { Sessions } from './sessions';

type Key = { domain: string; path: string; name: string };

/**
 * The cookie manager's channels over the live jar of the (collection, environment) session, so
 * a change applies to the next send; every change is written to the jar's file at once.
 */
export function cookieHandlers(sessions: () => Sessions, now: () => Date) {
  const jarOf = (collectionId: string | undefined, environment: string | undefined): Promise<Session> => sessions().get(collectionId, environment).session;
  return {
    'cookies.list': async ({ collectionId, environment }: { collectionId?: string | undefined; environment?: string | undefined }) =>
      listCookies((await jarOf(collectionId, environment)).cookieJar),
    'cookies.reveal': async ({ collectionId, environment, cookie }: { collectionId?: string | undefined; environment?: string | undefined; cookie: Key }) =>
      ({ value: await revealCookie((await jarOf(collectionId, environment)).cookieJar, cookie) }),
    'cookies.set': async ({ collectionId, environment, cookie, previous }: { collectionId?: string | undefined; environment?: string | undefined; cookie: CookieInfo; previous?: Key | undefined }) => {
      const s = await jarOf(collectionId, environment);
      if (previous) await deleteCookie(s.cookieJar, previous);
      await putCookie(s.cookieJar, cookie, now());
      await s.saveCookies();
      return { ok: true as const };
    },
    'cookies.delete': async ({ collectionId, environment, cookie }: { collectionId?: string | undefined; environment?: string | undefined; cookie: Key }) => {
      const s = await jarOf(collectionId, environment);
      const deleted = await deleteCookie(s.cookieJar, cookie);
      await s.saveCookies();
      return { deleted };
    },
    'cookies.clear': async ({ collectionId, environment }: { collectionId?: string | undefined; environment?: string | undefined }) => {
      const s = await jarOf(collectionId, environment);
      await clearCookies(s.cookieJar);
      await s.saveCookies();
      return { ok: true as const };
    },
  };
}
