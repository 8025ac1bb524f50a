// oidc-provider 9 ships no type declarations (and @types/oidc-provider describes version 8). This
// declares only what the test authorization server (oauth-server.ts) uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type ClientMetadata = Record<string, unknown> & { client_id: string };

  export interface OidcClient {
    clientId: string;
    grantTypeAllowed(type: string): boolean;
  }

  export interface KoaContextWithOIDC {
    oidc: { params?: Record<string, unknown>; client?: OidcClient };
  }

  export interface InteractionDetails {
    uid: string;
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    params: Record<string, unknown>;
    session?: { accountId?: string };
    grantId?: string;
  }

  export interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(indicator: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface Configuration {
    clients?: ClientMetadata[];
    jwks?: { keys: Record<string, unknown>[] };
    cookies?: { keys: string[] };
    scopes?: string[];
    findAccount?: (ctx: KoaContextWithOIDC, id: string) => { accountId: string; claims: () => Record<string, unknown> } | undefined;
    interactions?: { url: (ctx: KoaContextWithOIDC, interaction: { uid: string }) => string };
    issueRefreshToken?: (ctx: KoaContextWithOIDC, client: OidcClient, source: unknown) => boolean;
    ttl?: Record<string, number>;
    features?: Record<string, Record<string, unknown>>;
    pkce?: { required?: (ctx: KoaContextWithOIDC, client: OidcClient) => boolean };
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    static errors: { InvalidTarget: new (description?: string) => Error };
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: never[]) => void): this;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
    AccessToken: { find(value: string): Promise<{ destroy(): Promise<void> } | undefined> };
    ClientCredentials: { find(value: string): Promise<{ destroy(): Promise<void> } | undefined> };
    Grant: { new (init: { accountId: string; clientId: string }): Grant; find(id: string): Promise<Grant | undefined> };
  }
}
