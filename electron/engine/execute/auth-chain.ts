import { KeyholeError } from '../../../shared/errors';
import type { Auth, Collection, ConcreteAuth, Environment, Folder } from '../../../shared/model';

export interface EffectiveAuth {
  auth: ConcreteAuth;
  /** The profile slot used, when the auth came from one. */
  profile?: string | undefined;
  /** Where the auth was set: "request", "folder Users", "collection". */
  source: string;
}

/**
 * Resolves `inherit` (request → folders, innermost first → collection) and `profile` (the active
 * environment's binding of the slot). A profile the environment does not bind is an error naming
 * both, so switching environments never silently sends without credentials.
 */
export function effectiveAuth(
  requestAuth: Auth,
  folders: readonly Pick<Folder, 'name' | 'auth'>[],
  collection: Pick<Collection, 'auth' | 'profiles'>,
  environment: Pick<Environment, 'name' | 'profiles'> | undefined,
  requestName: string,
): EffectiveAuth {
  const chain: { auth: Auth; source: string }[] = [
    { auth: requestAuth, source: `request ${requestName}` },
    ...[...folders].reverse().map((f) => ({ auth: f.auth, source: `folder ${f.name}` })),
    { auth: collection.auth, source: 'collection' },
  ];
  for (const { auth, source } of chain) {
    if (auth.type === 'inherit') continue;
    if (auth.type === 'profile') return bindProfile(auth.profile, collection, environment, source);
    return { auth, source };
  }
  return { auth: { type: 'none' }, source: 'default' };
}

function bindProfile(
  name: string,
  collection: Pick<Collection, 'profiles'>,
  environment: Pick<Environment, 'name' | 'profiles'> | undefined,
  source: string,
): EffectiveAuth {
  if (!environment) {
    throw new KeyholeError('profile-unbound', `The ${source} uses auth profile "${name}", but no environment is active to bind it`, {
      hint: 'Choose an environment (-e NAME) that binds this profile.',
      details: { profile: name },
    });
  }
  // Own keys only: a profile named "constructor" or "__proto__" must not find Object.prototype's member.
  const bound = Object.hasOwn(environment.profiles, name) ? environment.profiles[name] : undefined;
  if (!bound || bound.type === 'inherit' || bound.type === 'profile') {
    const known = Object.keys(environment.profiles);
    const declared = collection.profiles.some((p) => p.name === name);
    throw new KeyholeError('profile-unbound', `Auth profile "${name}" (used by the ${source}) is not bound in environment "${environment.name}"`, {
      hint: known.length > 0
        ? `Environment "${environment.name}" binds: ${known.join(', ')}. Add a binding for "${name}".`
        : `Environment "${environment.name}" binds no profiles yet. Add a binding for "${name}"${declared ? '' : ' (and declare the slot in the collection)'}.`,
      details: { profile: name, environment: environment.name },
    });
  }
  return { auth: bound, profile: name, source: `profile ${name} (${environment.name})` };
}
