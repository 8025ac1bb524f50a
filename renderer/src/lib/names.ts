/**
 * What an unsaved request is called until the user names it: the path of its URL ("/users/42"),
 * or the URL itself when it has no path, as Postman and Insomnia title new tabs.
 */
export function nameFromUrl(url: string): string {
  const path = url.trim().replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]+/i, '').replace(/[?#].*$/, '');
  return (path && path !== '/' ? path : url.trim()).slice(0, 80);
}

/** A tab's title: its request's name, or for an unnamed new request, a name from its URL. */
export function tabTitle(name: string, url: string, bound: boolean): string {
  return !bound && name === 'New request' && url.trim() !== '' ? nameFromUrl(url) : name;
}
