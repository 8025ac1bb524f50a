export { decodeToken, cleanTokenText, MAX_TOKEN_CHARS, type DecodeOptions } from './decode';
export { inspectJwt, type InspectJwtOptions } from './inspect';
export { verifySignature } from './verify';
export { resolveKeys, keysFromText, keysFromJson, secretKey, type KeySource, type Fetcher, type CandidateKey, type KeySet } from './keys';
export { audiences, grantedScopes, numericClaim, claimsView } from './claims';
export { decodeBase64url, encodeBase64url } from './base64url';
