/** A repeatable option's parser: each use adds to the list (`--var a=1 --var b=2`). */
export const collectOption = (v: string, prev: string[] = []): string[] => [...prev, v];
