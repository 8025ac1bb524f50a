import { describe, expect, it } from 'vitest';
import { isCredentialName, nameWords } from '../../shared/credential-names';

describe('isCredentialName', () => {
  it('splits names the ways APIs write them', () => {
    expect(['X-Api-Key', 'x_api_key', 'xApiKey', 'XApiKey'].map(nameWords)).toEqual(Array(4).fill(['x', 'api', 'key']));
    expect(nameWords('APIKey')).toEqual(['api', 'key']);
  });

  it('knows the names credentials go by', () => {
    const yes = ['Authorization', 'Proxy-Authorization', 'api-key', 'X-API-Key', 'apikey', 'api_key', 'token', 'access_token', 'refresh_token',
      'id_token', 'X-Auth-Token', 'authToken', 'x-amz-security-token', 'secret', 'client_secret', 'clientSecret', 'AWS_SECRET_ACCESS_KEY',
      'password', 'passwd', 'db.password', 'newPassword', 'passphrase', 'Cookie', 'Set-Cookie', 'JSESSIONID', 'session_id', 'auth', 'pass',
      'Ocp-Apim-Subscription-Key', 'private_key', 'x-csrf-token'];
    expect(yes.filter((n) => !isCredentialName(n))).toEqual([]);
  });

  it('leaves names that only look close', () => {
    const no = ['token_type', 'tokenUrl', 'token_endpoint', 'pageToken', 'next_token', 'nextPageToken', 'max_tokens', 'password_policy',
      'secret_name', 'key', 'Idempotency-Key', 'sort_key', 'aws_access_key_id', 'author', 'authority', 'keyword', 'passenger', 'Accept', 'baseUrl'];
    expect(no.filter((n) => isCredentialName(n))).toEqual([]);
  });
});
