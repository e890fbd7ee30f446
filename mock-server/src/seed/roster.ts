import { Random } from './random.js';
import { COMPANIES, DEPARTMENTS, FIRST_NAMES, FLOORS_PER_SITE, JOB_TITLES, LAST_NAMES, SITES, TEAMS } from './vocabulary.js';

/**
 * The people of the seeded organisation, in no product's shape. Every product projects the same
 * roster into its own records, so "Ada Lovelace" is a user in all five.
 */
export interface Person {
  /** 0-based position in the roster. */
  index: number;
  firstName: string;
  lastName: string;
  /** Unique, lower-case ASCII: `first.last`, with a number when taken. */
  login: string;
  email: string;
  phone: string;
  mobile: string | null;
  jobTitle: string;
  /** Index into DEPARTMENTS. */
  department: number;
  /** Index into SITES. */
  site: number;
  /** 1-based floor at the site. */
  floor: number;
  /** Index into COMPANIES. */
  company: number;
  /** Index of this person's manager (always an earlier person), or null. */
  manager: number | null;
  /** Indexes into TEAMS. */
  teams: number[];
  active: boolean;
  /** In the trash / soft-deleted, where the product has that notion. */
  deleted: boolean;
  admin: boolean;
  /** Support staff (ServiceDesk Plus technicians, ITSM-NG technicians). */
  technician: boolean;
  vip: boolean;
  /** ISO 8601, UTC, whole seconds. */
  createdAt: string;
  lastLogin: string | null;
  employeeNumber: string;
  description: string | null;
}

/** Seeded timestamps count back from this instant, so a seed's bytes don't depend on the clock. */
export const SEED_EPOCH = Date.UTC(2025, 5, 1, 9, 0, 0);

const DAY = 86_400_000;
const TRANSLITERATION: Record<string, string> = { ø: 'o', æ: 'ae', ß: 'ss', ł: 'l', đ: 'd', ı: 'i' };
const DOMAINS = ['acme.example', 'globex.example', 'initech.example', 'umbrella.example'];
const COUNTRY_CODES: Record<string, string> = { DE: '+49', GB: '+44', FR: '+33', US: '+1', IN: '+91' };

export function asciiSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[øæßłđı]/g, (ch) => TRANSLITERATION[ch])
    .normalize('NFD')
    .replace(/[^a-z0-9]/g, '');
}

export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function createRoster(seed: number, count: number): Person[] {
  const rng = new Random(seed);
  const taken = new Map<string, number>();
  const people: Person[] = [];
  for (let index = 0; index < count; index++) {
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    const base = `${asciiSlug(firstName)}.${asciiSlug(lastName)}`;
    const n = (taken.get(base) ?? 0) + 1;
    taken.set(base, n);
    const login = n === 1 ? base : `${base}${n}`;
    const department = rng.int(DEPARTMENTS.length);
    const site = rng.chance(0.85) ? DEPARTMENTS[department].site : rng.int(SITES.length);
    const company = rng.chance(0.7) ? 0 : 1 + rng.int(COMPANIES.length - 1);
    const cc = COUNTRY_CODES[SITES[site].country];
    const created = SEED_EPOCH - rng.int(3 * 365) * DAY - rng.int(DAY);
    const lastLogin = rng.chance(0.85) ? created + rng.next() * (SEED_EPOCH - created) : null;
    const teamCount = rng.chance(0.2) ? 0 : rng.chance(0.75) ? 1 : 2;
    const deleted = index > 10 && rng.chance(0.02);
    people.push({
      index,
      firstName,
      lastName,
      login,
      email: `${login}@${DOMAINS[company]}`,
      phone: `${cc} ${rng.digits(3)} ${rng.digits(7)}`,
      mobile: rng.chance(0.6) ? `${cc} ${rng.digits(3)} ${rng.digits(6)}` : null,
      jobTitle: rng.pick(JOB_TITLES),
      department,
      site,
      floor: 1 + rng.int(FLOORS_PER_SITE),
      company,
      manager: index > 0 && rng.chance(0.7) ? rng.int(Math.min(index, 50)) : null,
      teams: rng.sample(TEAMS.length, teamCount),
      active: !deleted && rng.chance(0.92),
      deleted,
      admin: index < 3 || rng.chance(0.01),
      technician: rng.chance(0.1),
      vip: rng.chance(0.03),
      createdAt: isoSeconds(created),
      lastLogin: lastLogin === null ? null : isoSeconds(lastLogin),
      employeeNumber: String(10000 + index),
      description: rng.chance(0.1) ? `${rng.pick(JOB_TITLES)} (on rotation)` : null,
    });
  }
  return people;
}
