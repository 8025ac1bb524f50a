/**
 * Dynamic variables (`{{$guid}}`...). Each takes the clock and random source as parameters so
 * tests can pin them; a fresh value is produced at each use, as in Postman.
 */
export interface DynamicSources {
  now: () => Date;
  random: () => number;
  uuid: () => string;
  /**
   * Postman's `$random…` names past the ones here (`$randomFirstName`, `$randomEmail`...: faker.js
   * data), from the host; undefined for a name it does not know.
   */
  fake?: ((name: string) => string | undefined) | undefined;
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
  const own = generators[name];
  return own ? own(sources) : sources.fake?.(name);
}

export const DYNAMIC_NAMES = Object.keys(generators);
