/**
 * `list.map(f)`, but the list itself when `f` returned every element unchanged, and otherwise a
 * copy made at the first change. For values that are mostly left as they are (a request's parts
 * with no {{reference}}, an exchange's parts with no secret): no copy, no garbage.
 */
export function mapShared<T>(list: readonly T[], f: (x: T, i: number) => T): T[] {
  let out: T[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const x = list[i] as T;
    const y = f(x, i);
    if (y !== x) (out ??= list.slice())[i] = y;
  }
  return out ?? (list as T[]);
}
