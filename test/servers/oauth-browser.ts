import { CookieJar } from 'tough-cookie';
import { request } from 'undici';

export interface BrowserResult {
  /** The URL the browser ended on (a loopback callback, or the provider's success page). */
  url: string;
  status: number;
  body: string;
}

/**
 * Plays the user's browser over HTTP: follows redirects with a cookie jar and submits each HTML
 * form it lands on, filling the named fields from `fill` (login, password, user_code, confirm...)
 * and keeping the form's hidden inputs. Stops when a page has no form, or at `stopAt` (an origin
 * prefix, such as the loopback redirect) after requesting it.
 */
export async function browse(startUrl: string, fill: Record<string, string>, opts: { stopAt?: string; maxSteps?: number } = {}): Promise<BrowserResult> {
  const jar = new CookieJar();
  let url = startUrl;
  let method = 'GET';
  let body: string | undefined;
  for (let step = 0; step < (opts.maxSteps ?? 25); step++) {
    const cookie = await jar.getCookieString(url);
    const res = await request(url, {
      method: method as 'GET',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body !== undefined ? { body } : {}),
    });
    const setCookie = res.headers['set-cookie'];
    for (const c of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) await jar.setCookie(c, url);
    const text = await res.body.text();
    const location = res.headers.location;
    if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string') {
      url = new URL(location, url).href;
      method = 'GET';
      body = undefined;
      if (opts.stopAt && url.startsWith(opts.stopAt)) {
        const final = await request(url);
        return { url, status: final.statusCode, body: await final.body.text() };
      }
      continue;
    }
    const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(text);
    if (!form) return { url, status: res.statusCode, body: text };
    const attrs = form[1] ?? '';
    const action = /action="([^"]*)"/i.exec(attrs)?.[1] ?? url;
    const fields = new URLSearchParams();
    for (const input of (form[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
      const name = /name="([^"]*)"/i.exec(input[1] ?? '')?.[1];
      if (!name) continue;
      const value = fill[name] ?? /value="([^"]*)"/i.exec(input[1] ?? '')?.[1] ?? '';
      fields.set(name, value.replace(/&amp;/g, '&').replace(/&quot;/g, '"'));
    }
    for (const [k, v] of Object.entries(fill)) if (!fields.has(k) && k in fill && /^(confirm|abort)$/.test(k)) fields.set(k, v);
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    method = (/method="([^"]*)"/i.exec(attrs)?.[1] ?? 'GET').toUpperCase();
    body = method === 'POST' ? fields.toString() : undefined;
  }
  throw new Error(`browse: no end after ${opts.maxSteps ?? 25} steps (at ${url})`);
}
