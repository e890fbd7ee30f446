import { SEEDED_USER_PASSWORD } from '../../config.js';
import { deterministicSalt, hashPassword } from '../../passwords.js';
import type { ProductSeed } from '../product.js';
import type { Random } from '../../seed/random.js';
import type { Person } from '../../seed/roster.js';
import { DEPARTMENTS } from '../../seed/vocabulary.js';
import { JWT_SECRET_META } from './call.js';
import { LDAP_TABLE, SQL_TABLE } from './directory.js';
import { SEED_HASH_META } from './password-check.js';
import type { LdapRow, SqlRow } from './resolver.js';

function hexBytes(rng: Random, count: number): string {
  let s = '';
  for (let i = 0; i < count; i++) s += rng.int(256).toString(16).padStart(2, '0');
  return s;
}

/** A version-4 UUID from the seed's random stream (what OpenLDAP's entryUUID looks like). */
function entryUuid(rng: Random): string {
  const h = hexBytes(rng, 16).split('');
  h[12] = '4';
  h[16] = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/**
 * The roster as a privacyIDEA installation would see it: staff with admin or support duties are
 * entries in the corporate directory (the read-only LDAP resolver, also the superuser realm
 * `helpdesk`), everyone else a row of the editable SQL user table. People in the trash do not exist in
 * either store; inactive people have no password, so they cannot log in. Seeded users share one
 * password hash, kept once in meta (rows carry the marker 1). The JWT signing secret is seeded too, so
 * tokens stay valid across restarts.
 */
export async function seedPrivacyidea(roster: readonly Person[], rng: Random): Promise<ProductSeed> {
  const sharedHash = await hashPassword(SEEDED_USER_PASSWORD, deterministicSalt('privacyidea:seeded-users'));
  const jwtSecret = hexBytes(rng, 32);
  const sql: SqlRow[] = [];
  const ldap: LdapRow[] = [];
  for (const p of roster) {
    if (p.deleted) continue;
    if (p.admin || p.technician) {
      ldap.push({
        id: entryUuid(rng),
        uid: p.login,
        givenName: p.firstName,
        sn: p.lastName,
        mail: p.email,
        telephoneNumber: p.phone,
        ...(p.mobile ? { mobile: p.mobile } : {}),
        ...(p.active ? { userPassword: 1 as const } : {}),
      });
    } else {
      sql.push({
        id: sql.length + 1,
        username: p.login,
        email: p.email,
        surname: p.lastName,
        givenname: p.firstName,
        phone: p.phone,
        ...(p.mobile ? { mobile: p.mobile } : {}),
        description: p.description ?? `${p.jobTitle}, ${DEPARTMENTS[p.department].name}`,
        ...(p.active ? { password: 1 as const } : {}),
      });
    }
  }
  return {
    tables: { [SQL_TABLE]: sql, [LDAP_TABLE]: ldap },
    meta: { [JWT_SECRET_META]: jwtSecret, [SEED_HASH_META]: sharedHash },
  };
}
