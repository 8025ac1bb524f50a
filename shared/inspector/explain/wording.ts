/**
 * What servers say in words, as the rules read it (always against the lower-cased `said` text).
 * Kept in one place because several rules must agree on what a phrase means: a key the server
 * calls "invalid" was read by it, so it was not misplaced and the scheme was not wrong.
 */

/** The server read the credentials and refused them. */
export const REJECTED_WORDS = /invalid (credentials|api[-_ ]?key|key|token|username|password|user)|invalid [a-z]+ key|bad credentials|wrong (password|username|credentials)|incorrect|unknown (api[-_ ]?key|key|user)|revoked|not recogni[sz]ed|authentication failed|login failed|unable to authenticate|invalid token provided|invalid_session|(expired|invalid) or (expired|invalid|revoked)/;

/** The server says nobody was authenticated, whatever status it chose (frameworks answer 403 too). */
export const NOT_AUTHENTICATED = /credentials were not provided|not authenticated|\bunauthenticated\b|authentication (is )?required|authentication credentials? (not found|missing)|missing authentication|must be authenticated|requires? authentication|system:anonymous|\buser: anonymous\b/;

/**
 * Expiry named as one possibility among several ("invalid, expired, or revoked", "missing, invalid
 * ... or have expired"): the server has not said the token expired, only that it might have.
 */
export const EXPIRY_AS_ALTERNATIVE = /(invalid|missing|revoked|incorrect|malformed)[^\n]{0,120}\bor (have |has )?(been )?expired|expired,? or (invalid|revoked)|expired or invalid|invalid or expired/;

export const FORBIDDEN_WORDS = /permission|not allowed|forbidden|access denied|not authori[sz]ed to|\brole\b|privilege|no access|not permitted|denied/;
