import { describe, expect, it } from 'vitest';
import { schemes } from '../../../electron/engine/auth';
import { jwtScheme } from '../../../electron/engine/auth/jwt';
import { oauth2Scheme } from '../../../electron/engine/auth/oauth2';

describe('schemes loaded on first use', () => {
  it('stand in for the real ones with the same type, label and retry ability', () => {
    for (const [lazy, real] of [[schemes.oauth2, oauth2Scheme], [schemes.jwt, jwtScheme]] as const) {
      expect(lazy).not.toBe(real);
      expect(lazy.type).toBe(real.type);
      expect(lazy.label).toBe(real.label);
      expect(typeof lazy.retry).toBe(typeof real.retry);
    }
  });
});
