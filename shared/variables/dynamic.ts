/**
 * Dynamic variables (`{{$guid}}`...). Each takes the clock and random source as parameters so
 * tests can pin them; a fresh value is produced at each use, as in Postman.
 */
export interface DynamicSources {
  now: () => Date;
  random: () => number;
  uuid: () => string;
}

const generators: Record<string, (s: DynamicSources) => string> = {
  $guid: (s) => s.uuid(),
  $randomUUID: (s) => s.uuid(),
  $timestamp: (s) => String(Math.floor(s.now().getTime() / 1000)),
  $isoTimestamp: (s) => s.now().toISOString(),
  // Postman's $randomInt is an integer in [0, 1000].
  $randomInt: (s) => String(Math.floor(s.random() * 1001)),
};

export function isDynamic(name: string): boolean {
  return name.startsWith('$');
}

export function dynamicValue(name: string, sources: DynamicSources): string | undefined {
  return generators[name]?.(sources);
}

export const DYNAMIC_NAMES = Object.keys(generators);
