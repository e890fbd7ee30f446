/**
 * The fixed parts of a ServiceDesk Plus installation as the mock seeds it: role ids and names, the
 * "not in any site" pseudo-site, and the additional-field (UDF) catalogs the documentation's examples use.
 * Ids follow the documentation's examples wherever it shows one (SDGuest 29, HelpdeskConfig 108, …).
 */

export const ROLE_SDADMIN = 1;
export const ROLE_SDCHANGEMANAGER = 3;
export const ROLE_SDGUEST = 29;
export const ROLE_VIEW_REQUESTS_NOT_IN_ANY_SITE = 58;
export const ROLE_RESOURCES_NOT_IN_ANY_SITE = 60;
export const ROLE_VIEW_REQUESTER = 94;
export const ROLE_MODIFY_REQUESTS = 109;

export const BUILTIN_ROLES: ReadonlyArray<{ id: number; name: string; description: string }> = [
  { id: ROLE_SDADMIN, name: 'SDAdmin', description: 'Full control of the application' },
  { id: 2, name: 'SDSiteAdmin', description: 'Administers the sites assigned to the technician' },
  { id: ROLE_SDCHANGEMANAGER, name: 'SDChangeManager', description: 'Manages changes' },
  { id: 4, name: 'SDProblemManager', description: 'Manages problems' },
  { id: 5, name: 'SDReleaseManager', description: 'Manages releases' },
  { id: ROLE_SDGUEST, name: 'SDGuest', description: 'Requester access' },
  { id: ROLE_VIEW_REQUESTS_NOT_IN_ANY_SITE, name: 'ViewRequestsNotInAnySite', description: 'Views requests that belong to no site' },
  { id: ROLE_RESOURCES_NOT_IN_ANY_SITE, name: 'Resources not in any site', description: 'Accesses resources that belong to no site' },
  { id: ROLE_VIEW_REQUESTER, name: 'ViewRequester', description: 'Views requester details' },
  { id: 108, name: 'HelpdeskConfig', description: 'Configures the help desk' },
  { id: ROLE_MODIFY_REQUESTS, name: 'ModifyRequests', description: 'Views and edits requests' },
];

/** Roles the product adds by itself to every technician (the documentation's change_as_technician answer). */
export function automaticRoles(sites: readonly number[]): number[] {
  return sites.includes(NOT_IN_ANY_SITE) ? [ROLE_RESOURCES_NOT_IN_ANY_SITE, ROLE_VIEW_REQUESTS_NOT_IN_ANY_SITE, ROLE_VIEW_REQUESTER] : [ROLE_VIEW_REQUESTER];
}
export const AUTOMATIC_ROLE_IDS: ReadonlySet<number> = new Set([ROLE_RESOURCES_NOT_IN_ANY_SITE, ROLE_VIEW_REQUESTS_NOT_IN_ANY_SITE, ROLE_VIEW_REQUESTER]);

export const NOT_IN_ANY_SITE = -1;
export const NOT_IN_ANY_SITE_NAME = 'Not associated to any site';

/** Sites get ids from 601 on (the documentation's example site is 601). */
export const FIRST_SITE_ID = 601;
/** Department 1 is the built-in "Administration"; the roster's departments follow in this id order. */
export const ROSTER_DEPARTMENT_IDS = [2, 4, 3, 5, 6, 7, 8, 9, 10, 11] as const;
export const PROJECT_ROLES: ReadonlyArray<{ id: number; name: string }> = [
  { id: 1, name: 'Project Administrator' },
  { id: 2, name: 'Project Member' },
  { id: 3, name: 'Project Manager' },
];
/** Domains 1 and 2 are the documentation's; each roster company has its own after them. */
export const BUILTIN_DOMAINS: ReadonlyArray<{ id: number; name: string }> = [
  { id: 1, name: 'WORKGROUP' },
  { id: 2, name: 'ABC' },
];
export const FIRST_COMPANY_DOMAIN_ID = 3;

export const GUEST_ID = 3;
export const ADMIN_ID = 4;
/** Roster person i becomes user FIRST_ROSTER_USER_ID + i. */
export const FIRST_ROSTER_USER_ID = 5;
/** The documentation's users carry a CI id a fixed distance above their user id. */
export const CIID_OFFSET = 14;

/** How an additional field is typed: free text, pick-list text, a long, a date, or a reference. */
export type UdfKind = 'text' | 'pick' | 'long' | 'date' | { ref: 'impact' | 'user' | 'department' | 'site' };
export interface UdfSpec {
  readonly key: string;
  readonly kind: UdfKind;
}

export const USER_UDFS: readonly UdfSpec[] = [
  { key: 'udf_long_3', kind: 'long' },
  { key: 'udf_date_4', kind: 'date' },
  { key: 'udf_pick_2', kind: 'pick' },
  { key: 'udf_sline_1', kind: 'text' },
];
export const TECHNICIAN_UDFS: readonly UdfSpec[] = [
  { key: 'udf_pick_6', kind: 'pick' },
  { key: 'udf_long_7', kind: 'long' },
  { key: 'udf_sline_5', kind: 'text' },
];
export const CI_DEFAULT_UDFS: readonly UdfSpec[] = [
  { key: 'udf_pick_165', kind: 'pick' },
  { key: 'udf_pickref_1', kind: { ref: 'impact' } },
  { key: 'udf_sline_164', kind: 'text' },
];
export const CI_USER_UDFS: readonly UdfSpec[] = [
  { key: 'udf_pickref_160', kind: { ref: 'site' } },
  { key: 'udf_sline_158', kind: 'text' },
  { key: 'udf_pick_163', kind: 'pick' },
  { key: 'udf_pickref_161', kind: { ref: 'user' } },
  { key: 'udf_pickref_159', kind: { ref: 'department' } },
  { key: 'udf_sline_162', kind: 'text' },
];
/** The pick list behind ci_default_fields.udf_pickref_1. */
export const IMPACTS: ReadonlyMap<number, string> = new Map([
  [1, 'High'],
  [2, 'Medium'],
  [3, 'Low'],
]);
