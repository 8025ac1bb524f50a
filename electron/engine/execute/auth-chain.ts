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
  // Walked in place, innermost first; a source is named only for the level that decides.
  if (requestAuth.type !== 'inherit') return decided(requestAuth, `request ${requestName}`, collection, environment);
  for (let i = folders.length - 1; i >= 0; i--) {
    const f = folders[i] as Pick<Folder, 'name' | 'auth'>;
    if (f.auth.type !== 'inherit') return decided(f.auth, `folder ${f.name}`, collection, environment);
  }
  if (collection.auth.type !== 'inherit') return decided(collection.auth, 'collection', collection, environment);
  return { auth: { type: 'none' }, source: 'default' };
}

function decided(auth: Exclude<Auth, { type: 'inherit' }>, source: string, collection: Pick<Collection, 'profiles'>, environment: Pick<Environment, 'name' | 'profiles'> | undefined): EffectiveAuth {
  return auth.type === 'profile' ? bindProfile(auth.profile, collection, environment, source) : { auth, source };
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
