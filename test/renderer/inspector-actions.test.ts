import { describe, expect, it } from 'vitest';
import type { WorkspaceCollection } from '../../shared/ipc';
import type { Finding } from '../../shared/inspector/report';
import { Collection, type Auth } from '../../shared/model';
import { authSource, canRefresh, describeSource } from '../../renderer/src/features/inspector/auth-source';
import { actionsFor, fixesFor } from '../../renderer/src/features/inspector/fix-actions';

const oauth = (o: Partial<Extract<Auth, { type: 'oauth2' }>>): Auth => ({ type: 'oauth2', grant: 'authorization_code', clientId: 'app', clientAuth: 'client_secret_basic', usePkce: true, tokenPrefix: 'Bearer', ...o });

function workspace(auth: Auth, stored: string[] = []): WorkspaceCollection {
  return {
    id: 'c', collection: Collection.parse({ name: 'C', auth: { type: 'none' }, items: [{ kind: 'folder', name: 'Admin', auth: { type: 'profile', profile: 'Main' }, items: [] }] }),
    environments: [{ name: 'dev', variables: [], profiles: { Main: auth, Other: { type: 'basic', username: 'u', password: '' } } }],
    storedSecrets: { dev: stored }, problems: [], versions: {}, files: {},
  } as unknown as WorkspaceCollection;
}

const expired: Finding = { id: 'token-expired', title: 'The bearer token expired', confidence: 0.9, evidence: [], fixes: ['Refresh the token (OAuth 2.0 refresh_token grant) or sign in again', 'Enable automatic token refresh on this auth profile'] } as Finding;
const labels = (f: Finding, s: ReturnType<typeof authSource>) => actionsFor(f, s, ['Main', 'Other']).map((a) => a.label);

describe('the inspector\'s fix actions follow the request\'s auth', () => {
  it('a static bearer token set on the request: edit it or switch profile, never refresh', () => {
    const s = authSource({ type: 'bearer', token: 'eyJ.x.y', prefix: 'Bearer' }, [], workspace(oauth({})), 'dev');
    expect(canRefresh(s)).toBe(false);
    expect(describeSource(s)).toBe('a bearer token set inline on this request');
    expect(labels(expired, s)).toEqual(['Edit the token', 'Switch to profile Main', 'Switch to profile Other']);
    expect(fixesFor(expired, s)[0]).toMatch(/^The token is static, from a bearer token set inline on this request: Keyhole cannot refresh it\. Replace the token in this request's Auth tab/);
  });

  it('a profile inherited from a folder, bound to client credentials in the environment: refresh, named by profile and folder', () => {
    const s = authSource({ type: 'inherit' }, ['Admin'], workspace(oauth({ grant: 'client_credentials' })), 'dev');
    expect(describeSource(s)).toBe('profile Main (OAuth 2.0 in dev), chosen on folder Admin');
    expect(labels(expired, s)).toEqual(['Refresh token now', 'Switch to profile Other', 'Open auth settings']);
    expect(fixesFor(expired, s)).toEqual([...expired.fixes, 'The request sent profile Main (OAuth 2.0 in dev), chosen on folder Admin']);
  });

  it('OAuth 2.0 authorization code refreshes only with a refresh token, whose value the renderer never sees (the store says it has one)', () => {
    const without = authSource({ type: 'profile', profile: 'Main' }, [], workspace(oauth({})), 'dev');
    expect(canRefresh(without)).toBe(false);
    expect(labels(expired, without)[0]).toBe('Sign in again');
    const withStored = authSource({ type: 'profile', profile: 'Main' }, [], workspace(oauth({}), ['Main.refreshToken']), 'dev');
    expect(canRefresh(withStored)).toBe(true);
    expect(labels(expired, withStored)[0]).toBe('Refresh token now');
  });

  it('a static profile (Basic): edit the profile, no refresh', () => {
    const s = authSource({ type: 'profile', profile: 'Other' }, [], workspace(oauth({})), 'dev');
    const rejected = { ...expired, id: 'credentials-rejected', fixes: ['Check the username and password'] } as Finding;
    expect(labels(rejected, s)).toEqual(['Edit profile Other', 'Switch to profile Main']);
  });
});
