import type { DeclareCommand } from './index';

export interface JwtFlags { secret?: string; key?: string; jwks?: string; issuer?: string; at?: string; json?: boolean }

/** `keyhole jwt TOKEN|-`: decode, explain and optionally verify a JWT. Exit 0/1/2 as spec/jwt-inspect.md. */
export const declareJwt: DeclareCommand = (program, ctx) => {
  program
    .command('jwt')
    .description('Decode a JWT (JWS or JWE), explain its claims and warnings, and verify its signature')
    .argument('<token>', 'the token, or - for standard input (a leading "Bearer " is tolerated)')
    .option('--secret <secret>', 'verify with this shared secret (HS256/384/512)')
    .option('--key <file>', 'verify with a JWK, JWKS, PEM public key or certificate, or a file holding a secret')
    .option('--jwks <file-or-url>', 'verify with a JWKS file or URL')
    .option('--issuer <url>', 'verify with the keys of this OIDC issuer (/.well-known/openid-configuration)')
    .option('--at <time>', 'reference time (ISO 8601) for exp/nbf/iat; default now')
    .option('--json', 'print the report as JSON (spec/jwt-inspect.md)')
    .action(async (token: string, flags: JwtFlags) => {
      const { jwtCommand } = await import('../commands/jwt');
      await jwtCommand(ctx, token, flags);
    });
};
