/**
 * How the two user stores compare search values.
 *
 * SQL (SQLite): privacyIDEA turns `*` into `%` and uses `LIKE`, so `%` and `_` are wildcards too, the
 * match is case-insensitive for ASCII letters only, and a NULL column never matches.
 * LDAP: `*` is a substring wildcard; the directory's matching rules ignore case (caseIgnoreMatch,
 * caseIgnoreIA5Match) and, for telephone numbers, spaces and hyphens (telephoneNumberMatch).
 * Patterns compile to regular expressions once per search, so scanning rows allocates nothing.
 */

export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** True when a LIKE pattern has no wildcard, i.e. is an ASCII-case-insensitive equality. */
export function isLikeLiteral(pattern: string): boolean {
  return !/[%_]/.test(pattern);
}

export function sqlLike(pattern: string): RegExp {
  let src = '';
  for (const ch of pattern) {
    if (ch === '%') src += '.*';
    else if (ch === '_') src += '.';
    else if (/[A-Za-z]/.test(ch)) src += `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
    else src += escapeRegExp(ch);
  }
  return new RegExp(`^${src}$`, 'su');
}

const PHONE_ATTRIBUTES = new Set(['telephoneNumber', 'mobile']);

/** Folds a value as the attribute's equality rule does: phone numbers drop spaces and hyphens. */
export function ldapFold(attribute: string, value: string): string {
  return PHONE_ATTRIBUTES.has(attribute) ? value.replace(/[\s-]/g, '') : value.replace(/\s+/g, ' ').trim();
}

/** An LDAP assertion `(attribute=value)` with `*` wildcards, as a matcher over folded values. */
export function ldapAssertion(attribute: string, value: string): RegExp {
  const parts = value.split('*').map((p) => escapeRegExp(ldapFold(attribute, p)));
  return new RegExp(`^${parts.join('.*')}$`, 'isu');
}
